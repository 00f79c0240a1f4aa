import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendChat, roomDoc, writeControl, type RoomDoc } from '../document/room-doc';
import { rootsTouchedBy } from './update-summary';

const line = (id: string) => ({
	id,
	authorId: 'p1',
	author: 'Ada',
	role: 'candidate' as const,
	text: `line ${id}`,
	sentAt: 1_700_000_000_000
});

/** A replica of `room` and the update its next change produces. */
function nextUpdate(room: RoomDoc, change: (replica: RoomDoc) => void) {
	const replica = roomDoc();
	Y.applyUpdate(replica.doc, Y.encodeStateAsUpdate(room.doc));
	const before = Y.encodeStateVector(replica.doc);
	change(replica);
	return Y.encodeStateAsUpdate(replica.doc, before);
}

describe('rootsTouchedBy', () => {
	it('names the root an edit in the middle of existing text belongs to', () => {
		const room = roomDoc();
		room.code.insert(0, 'print(1)');
		appendChat(room, line('a'));
		// The insert names no parent: only its neighbours, which are in the document.
		const update = nextUpdate(room, (replica) => replica.code.insert(3, 'x'));
		expect(Y.decodeUpdate(update).structs.every((s) => !(s as Y.Item).parent)).toBe(true);
		expect(rootsTouchedBy(room.doc, update)).toEqual(new Set(['code']));
	});

	it('tells deletions apart by the root of what they delete', () => {
		const room = roomDoc();
		room.code.insert(0, 'print(1)');
		appendChat(room, line('a'));
		const codeDeletion = nextUpdate(room, (replica) => replica.code.delete(0, 2));
		const chatDeletion = nextUpdate(room, (replica) => replica.chat.delete(0, 1));
		expect(rootsTouchedBy(room.doc, codeDeletion)).toEqual(new Set(['code']));
		expect(rootsTouchedBy(room.doc, chatDeletion)).toEqual(new Set(['chat']));
	});

	it('places chat lines that follow others in the same update', () => {
		const room = roomDoc();
		const update = nextUpdate(room, (replica) => {
			appendChat(replica, line('a'));
			appendChat(replica, line('b'));
		});
		expect(rootsTouchedBy(room.doc, update)).toEqual(new Set(['chat']));
	});

	it('sees a settings change next to an earlier value of the same key', () => {
		const room = roomDoc();
		writeControl(room, 'editorLocked', true);
		const update = nextUpdate(room, (replica) => writeControl(replica, 'editorLocked', false));
		expect(rootsTouchedBy(room.doc, update)).toEqual(new Set(['settings']));
	});

	it('sees every root a whole-document sync answer touches', () => {
		const author = roomDoc();
		author.code.insert(0, 'x');
		appendChat(author, line('a'));
		writeControl(author, 'editorLocked', true);
		const summary = rootsTouchedBy(roomDoc().doc, Y.encodeStateAsUpdate(author.doc));
		expect(summary).toEqual(new Set(['code', 'chat', 'settings']));
	});

	it('cannot place an edit next to content the document does not have', () => {
		const room = roomDoc();
		room.code.insert(0, 'print(1)');
		const update = nextUpdate(room, (replica) => replica.code.insert(3, 'x'));
		expect(rootsTouchedBy(roomDoc().doc, update)).toBeNull();
		expect(rootsTouchedBy(room.doc, new Uint8Array([1, 2, 3]))).toBeNull();
	});
});
