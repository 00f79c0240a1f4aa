import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { indexUpdate } from '../../../src/lib/shared/history/seek';
import { segmentChunks } from './recording-store';
import { decodeSegment, encodeSegment, type RecordedUpdate } from './segment-codec';

/** Two authors' real Yjs updates: typing, and deleting each other's text. */
function recorded(): RecordedUpdate[] {
	const docs = [new Y.Doc(), new Y.Doc()];
	const authors = [randomUUID(), randomUUID()];
	const updates: RecordedUpdate[] = [];
	for (let index = 0; index < 120; index++) {
		const author = index % 2;
		const doc = docs[author]!;
		let produced: Uint8Array | undefined;
		doc.once('update', (update: Uint8Array) => (produced = update));
		const text = doc.getText('code');
		if (index % 9 === 8 && text.length > 2) text.delete(1, 2);
		else text.insert(text.length, String.fromCharCode(97 + (index % 26)));
		Y.applyUpdate(docs[1 - author]!, produced!);
		updates.push({
			seq: 1000 + index + Math.floor(index / 3),
			participantId: authors[author]!,
			// Author times go back and forth as two people's uploads interleave.
			clientTime: new Date(1_764_000_000_000 + index * 150 - author * 4_000),
			receivedAt: new Date(1_764_000_003_000 + Math.floor(index / 20) * 3_000),
			update: produced!
		});
	}
	return updates;
}

describe('the segment codec', () => {
	it('gives back every update’s entry, receive time and the merged content', () => {
		const updates = recorded();
		const segment = decodeSegment(encodeSegment(updates));
		expect(segment.entries).toEqual(
			updates.map((update) =>
				indexUpdate(update.update, { ...update, at: update.clientTime.getTime() })
			)
		);
		expect(segment.entries.some((entry) => entry.deletes.length > 0)).toBe(true);
		expect(segment.receivedAt).toEqual(updates.map((update) => update.receivedAt));
		const fromMerged = new Y.Doc();
		Y.applyUpdate(fromMerged, segment.merged);
		const fromUpdates = new Y.Doc();
		for (const update of updates) Y.applyUpdate(fromUpdates, update.update);
		expect(fromMerged.getText('code').toString()).toBe(fromUpdates.getText('code').toString());
	});

	it('refuses a blob of another format', () => {
		expect(() => decodeSegment(new Uint8Array([1, 2, 3]))).toThrow();
	});
});

describe('segmentChunks', () => {
	it('ends segments at keyframe boundaries and at the size cap', () => {
		const rows = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((seq) => ({ seq }));
		const chunks = segmentChunks(rows, [3, 9], 4).map((chunk) => chunk.map((row) => row.seq));
		expect(chunks).toEqual([[1, 2, 3], [4, 5, 6, 7], [8, 9], [10]]);
	});
});
