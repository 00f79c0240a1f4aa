import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { roomDoc } from '../document/room-doc';
import { lastEditPosition } from './edit-position';
import { HistoryCursor, segmentOf } from './seek';

/** Two editors on one document; every change is recorded with its author and time. */
function recordedSession() {
	const updates: { seq: number; participantId: string; at: number; update: Uint8Array }[] = [];
	const shared = roomDoc(new Y.Doc());
	const as = (participantId: string, clientId: number, at: number, edit: () => void) => {
		shared.doc.clientID = clientId;
		shared.doc.once('update', (update: Uint8Array) =>
			updates.push({ seq: updates.length + 1, participantId, at, update })
		);
		edit();
	};
	return { updates, shared, as };
}

describe('lastEditPosition', () => {
	const { updates, shared, as } = recordedSession();
	as('grace', 1, 1_000, () => shared.code.insert(0, 'hello'));
	as('ada', 2, 2_000, () => shared.code.insert(0, 'XX'));
	as('grace', 1, 3_000, () => shared.code.delete(4, 2));
	as('grace', 1, 4_000, () => shared.chat.push([{ text: 'done' }]));
	as('grace', 1, 5_000, () => shared.code.insert(0, 'A'));

	const segment = segmentOf(updates);
	const cursor = new HistoryCursor([segment]);
	const candidateEdits = segment.entries.filter((entry) => entry.participantId === 'grace');
	const positionAt = (time: number) => {
		const doc = cursor.documentAt(time);
		return {
			code: roomDoc(doc).code.toString(),
			at: lastEditPosition(doc, roomDoc(doc).code, candidateEdits, time)
		};
	};

	it('is after what the candidate typed last, moved along by what others typed before it', () => {
		expect(positionAt(500)).toEqual({ code: '', at: null });
		expect(positionAt(1_000)).toEqual({ code: 'hello', at: 5 });
		expect(positionAt(2_000)).toEqual({ code: 'XXhello', at: 7 });
		expect(positionAt(5_000)).toEqual({ code: 'AXXheo', at: 1 });
	});

	it('is where they deleted, and stays in the code when they chat', () => {
		expect(positionAt(3_000)).toEqual({ code: 'XXheo', at: 4 });
		expect(positionAt(4_000)).toEqual({ code: 'XXheo', at: 4 });
	});
});
