import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	appendChat,
	readChat,
	readLanguage,
	readSignedChat,
	roomDoc,
	writeLanguage
} from './room-doc';

const message = {
	id: 'm1',
	authorId: 'p1',
	author: 'Ada',
	role: 'interviewer' as const,
	text: 'Hello',
	sentAt: 1_700_000_000_000
};

describe('room document', () => {
	it('carries code, chat and language from one replica to another', () => {
		const a = roomDoc();
		const b = roomDoc();
		a.code.insert(0, 'print(1)');
		appendChat(a, message);
		writeLanguage(a, 'go');
		Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc));
		expect(b.code.toString()).toBe('print(1)');
		expect(readChat(b)).toEqual([message]);
		expect(readLanguage(b, 'python')).toBe('go');
	});

	it('skips chat entries and languages a misbehaving peer wrote in the wrong shape', () => {
		const room = roomDoc();
		room.chat.push([{ text: 42 }, 'junk', { ...message, text: '' }]);
		appendChat(room, message);
		room.chat.push([{ ...message, text: 'same id again' }]);
		expect(readChat(room)).toEqual([message]);
		room.settings.set('language', 'cobol');
		expect(readLanguage(room, 'python')).toBe('python');
	});

	it('skips chat lines sent at no possible time, which would stop the chat from rendering', () => {
		const room = roomDoc();
		room.chat.push([
			{ ...message, id: 'far', sentAt: 9e15 },
			{ ...message, id: 'zero', sentAt: 0 }
		]);
		room.observerChat.set('o', { ...message, id: 'o', role: 'observer', sentAt: 9e15 });
		appendChat(room, message);
		expect(readChat(room)).toEqual([message]);
		expect(() => appendChat(room, { ...message, id: 'm2', sentAt: 9e15 })).toThrow();
	});

	it('refuses to write an invalid chat message or language', () => {
		const room = roomDoc();
		expect(() => appendChat(room, { ...message, text: 'x'.repeat(5000) })).toThrow();
		// @ts-expect-error: the type already forbids it; the runtime check guards untyped callers
		expect(() => writeLanguage(room, 'cobol')).toThrow();
		expect(room.chat.length).toBe(0);
	});

	it("keeps observers' lines apart and shows them among the others by time sent", () => {
		const room = roomDoc();
		const at = (second: number, role: 'observer' | 'candidate', id: string) => ({
			...message,
			id,
			role,
			sentAt: message.sentAt + second * 1000
		});
		appendChat(room, at(10, 'candidate', 'c1'));
		appendChat(room, at(30, 'candidate', 'c2'));
		appendChat(room, at(20, 'observer', 'o1'));
		appendChat(room, at(40, 'observer', 'o2'));
		expect(room.chat.length).toBe(2);
		expect(room.observerChat.size).toBe(2);
		expect(readChat(room).map((line) => line.id)).toEqual(['c1', 'o1', 'c2', 'o2']);
		// Only observers' lines count from the observers' list.
		room.observerChat.set('x', at(25, 'candidate', 'x'));
		expect(readChat(room).map((line) => line.id)).toEqual(['c1', 'o1', 'c2', 'o2']);
	});

	it('gives the record its lines without signatures, and live pages the signed ones to check', () => {
		const room = roomDoc();
		const signature = { cert: 'aGVhZGVy.cGF5bG9hZA.c2ln', sig: 'A'.repeat(86) };
		const signed = { ...message, id: 's1', ...signature };
		const observerLine = { ...message, id: 'o1', role: 'observer' as const, ...signature };
		appendChat(room, signed);
		appendChat(room, message);
		appendChat(room, observerLine);
		// A signature in the wrong shape: a readable line, but none to check.
		room.chat.push([{ ...signed, id: 's2', sig: 'short' }]);
		expect(readChat(room)).toEqual([
			{ ...message, id: 's1' },
			message,
			{ ...message, id: 's2' },
			{ ...message, id: 'o1', role: 'observer' }
		]);
		// Ids are left for the verified lines to sort out: a forged line must not hide a real one.
		room.chat.push([{ ...signed, text: 'same id, other words' }]);
		const { lines, unsigned } = readSignedChat(room);
		expect(lines).toEqual([signed, { ...signed, text: 'same id, other words' }, observerLine]);
		expect(unsigned).toBe(2);
		expect(() => appendChat(room, { ...signed, sig: 'short' })).toThrow();
	});
});

// room-doc.ts tells who wrote each chat line by walking yjs 13.6.33's own structures (pinned
// in package.json), and update-summary.ts finds an item's root the same way. If this fails
// after an upgrade, re-check both before anything else: authorship decides whose lines count.
describe('canary: yjs internals the room reads authorship and roots from', () => {
	it("keeps an array's items from `_start` along `right`, a map's in `_map`, a nested type's own item in `_item`", () => {
		const first = new Y.Doc();
		first.clientID = 7;
		first.getArray('chat').push(['a', 'b']);
		first.getMap('settings').set('language', 'go');
		const second = new Y.Doc();
		second.clientID = 9;
		Y.applyUpdate(second, Y.encodeStateAsUpdate(first));
		const chat = second.getArray<unknown>('chat');
		chat.push(['c']);
		chat.delete(0, 1);
		const nested = new Y.Map<unknown>();
		chat.push([nested]);

		const items: { values: unknown[]; client: number; deleted: boolean }[] = [];
		for (let item = chat._start; item; item = item.right) {
			if (!item.countable) continue;
			items.push({
				values: item.content.getContent(),
				client: item.id.client,
				deleted: item.deleted
			});
		}
		expect(items.filter((item) => !item.deleted)).toEqual([
			{ values: ['b'], client: 7, deleted: false },
			{ values: ['c'], client: 9, deleted: false },
			{ values: [nested], client: 9, deleted: false }
		]);
		const language = second.getMap('settings')._map.get('language')!;
		expect([language.content.getContent(), language.id.client]).toEqual([['go'], 7]);
		expect(nested._item?.parent).toBe(chat);
		expect(Y.findRootTypeKey(chat)).toBe('chat');
	});
});
