import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { starterCode } from '../../protocol/languages';
import { keepOneStarter, seedNewRoom, switchLanguage } from './language-switch';
import { readChat, readLanguage, roomDoc, writeControl, type RoomDoc } from './room-doc';

const page = (clientID: number) => {
	const doc = new Y.Doc();
	doc.clientID = clientID;
	return roomDoc(doc);
};

/** Gives every room what every other has, as peers that met would. */
function sync(...rooms: RoomDoc[]) {
	for (const from of rooms)
		for (const to of rooms)
			if (from !== to)
				Y.applyUpdate(to.doc, Y.encodeStateAsUpdate(from.doc, Y.encodeStateVector(to.doc)));
}

const announcement = (text: string) => ({
	id: crypto.randomUUID(),
	authorId: 'ada',
	author: 'Ada',
	role: 'interviewer' as const,
	text,
	sentAt: Date.parse('2025-01-01T10:00:00Z'),
	event: 'language-switch' as const
});

describe('switching language', () => {
	it('puts the new starter in an empty buffer, with the language and the chat line, in one update', () => {
		const room = page(1);
		const updates: Uint8Array[] = [];
		room.doc.on('update', (update: Uint8Array) => updates.push(update));
		switchLanguage(room, 'go', {
			fallback: 'python',
			announcement: announcement('switched to Go')
		});
		expect(updates).toHaveLength(1);
		expect(room.code.toString()).toBe(starterCode.go);
		expect(readLanguage(room, 'python')).toBe('go');
		expect(readChat(room).map((line) => [line.text, line.event])).toEqual([
			['switched to Go', 'language-switch']
		]);
	});

	it("replaces the previous language's starter, even reindented, and keeps edited code", () => {
		const room = page(1);
		seedNewRoom(room, { language: 'python', role: 'candidate' });
		expect(room.code.toString()).toBe(starterCode.python);
		room.code.insert(room.code.length, '\n\n');
		switchLanguage(room, 'java', { fallback: 'python' });
		expect(room.code.toString()).toBe(starterCode.java);

		room.code.insert(0, '// my idea\n');
		switchLanguage(room, 'cpp', { fallback: 'python' });
		expect(readLanguage(room, 'python')).toBe('cpp');
		expect(room.code.toString()).toBe(`// my idea\n${starterCode.java}`);
	});

	it('does nothing when the language does not change', () => {
		const room = page(1);
		switchLanguage(room, 'python', { fallback: 'python', announcement: announcement('x') });
		expect(room.code.toString()).toBe('');
		expect(readChat(room)).toEqual([]);
	});

	it('leaves one starter when two pages switch at once, for them and for a late joiner', () => {
		const ada = page(10);
		const grace = page(20);
		seedNewRoom(ada, { language: 'python', role: 'interviewer' });
		sync(ada, grace);
		switchLanguage(ada, 'go', { fallback: 'python' });
		switchLanguage(grace, 'java', { fallback: 'python' });
		sync(ada, grace);
		// Yjs keeps both insertions and one of the two languages.
		expect(ada.code.toString()).toHaveLength(starterCode.go.length + starterCode.java.length);
		const language = readLanguage(ada, 'python');
		expect(readLanguage(grace, 'python')).toBe(language);

		// Both see it and mend it at the same time, before hearing of the other's mending.
		expect(keepOneStarter(ada, 'python')).toBe(true);
		expect(keepOneStarter(grace, 'python')).toBe(true);
		const late = page(30);
		sync(ada, grace, late);
		for (const room of [ada, grace, late]) expect(room.code.toString()).toBe(starterCode[language]);
		expect(keepOneStarter(late, 'python')).toBe(false);
	});

	it('leaves one starter when two pages seed a new room at once', () => {
		const ada = page(10);
		const grace = page(20);
		seedNewRoom(ada, { language: 'typescript', role: 'interviewer' });
		seedNewRoom(grace, { language: 'typescript', role: 'candidate' });
		sync(ada, grace);
		expect(ada.code.toString()).toBe(starterCode.typescript.repeat(2));
		keepOneStarter(grace, 'python');
		sync(ada, grace);
		expect(ada.code.toString()).toBe(starterCode.typescript);
	});

	it('seeds only a room without code or language, and only for those who may write code', () => {
		const watched = page(1);
		seedNewRoom(watched, { language: 'go', role: 'observer' });
		expect(watched.code.toString()).toBe('');

		const locked = page(2);
		writeControl(locked, 'editorLocked', true);
		seedNewRoom(locked, { language: 'go', role: 'candidate' });
		expect(locked.code.toString()).toBe('');
		seedNewRoom(locked, { language: 'go', role: 'interviewer' });
		expect(locked.code.toString()).toBe(starterCode.go);

		const emptied = page(3);
		seedNewRoom(emptied, { language: 'go', role: 'candidate' });
		emptied.code.delete(0, emptied.code.length);
		seedNewRoom(emptied, { language: 'go', role: 'candidate' });
		expect(emptied.code.toString()).toBe('');
	});

	it('leaves code that is more than starters alone, and mends only starters', () => {
		const room = page(1);
		room.code.insert(0, `${starterCode.go}${starterCode.go}// and mine\n`);
		expect(keepOneStarter(room, 'go')).toBe(false);
		room.code.delete(room.code.length - '// and mine\n'.length, '// and mine\n'.length);
		expect(keepOneStarter(room, 'go')).toBe(true);
		expect(room.code.toString()).toBe(starterCode.go);
	});
});
