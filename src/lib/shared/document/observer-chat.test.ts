import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { observerChatLines } from './observer-chat';
import { appendChat, roomDoc, type RoomDoc } from './room-doc';

const line = (id: string, role: 'observer' | 'candidate' = 'observer') => ({
	id,
	authorId: 'o',
	author: 'Grace',
	role,
	text: `line ${id}`,
	sentAt: 1_700_000_000_000
});

/** The update `change` makes to a replica of a room with some history. */
function updateOf(change: (room: RoomDoc) => void) {
	const room = roomDoc();
	room.code.insert(0, 'print(1)');
	appendChat(room, line('earlier', 'candidate'));
	appendChat(room, line('earlier-observer'));
	const before = Y.encodeStateVector(room.doc);
	change(room);
	return Y.encodeStateAsUpdate(room.doc, before);
}

describe('observerChatLines', () => {
	it('reads the lines an observer added, from the update alone', () => {
		const update = updateOf((room) => {
			appendChat(room, line('a'));
			appendChat(room, line('b'));
		});
		expect(observerChatLines(update)).toEqual([line('a'), line('b')]);
	});

	it('refuses any update that does more than add observer lines', () => {
		const others = [
			updateOf((room) => room.code.insert(3, 'x')),
			updateOf((room) => appendChat(room, line('c', 'candidate'))),
			updateOf((room) => room.observerChat.set('earlier-observer', line('rewritten'))),
			updateOf((room) => room.observerChat.delete('earlier-observer')),
			updateOf((room) => room.settings.set('editorLocked', false)),
			new Uint8Array([9, 9, 9])
		];
		for (const update of others) expect(observerChatLines(update)).toBeNull();
	});
});
