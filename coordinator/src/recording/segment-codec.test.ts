import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeSegment, encodeSegment, type RecordedUpdate } from './segment-codec';

describe('the segment codec', () => {
	it('gives back exactly the updates it packed, out-of-order times included', () => {
		const authors = [randomUUID(), randomUUID()];
		const updates: RecordedUpdate[] = Array.from({ length: 300 }, (_, index) => ({
			// Increasing, with gaps where other rooms took sequence numbers.
			seq: 1000 + index + Math.floor(index / 3),
			participantId: authors[index % 2]!,
			// Author times go back and forth as two people's uploads interleave.
			clientTime: new Date(1_764_000_000_000 + index * 150 - (index % 2) * 4_000),
			receivedAt: new Date(1_764_000_003_000 + Math.floor(index / 20) * 3_000),
			update: Uint8Array.from({ length: 10 + (index % 7) }, (_, byte) => (index * 31 + byte) % 256)
		}));
		expect(decodeSegment(encodeSegment(updates))).toEqual(updates);
	});

	it('refuses a blob of another format', () => {
		expect(() => decodeSegment(new Uint8Array([1, 2, 3]))).toThrow();
	});
});
