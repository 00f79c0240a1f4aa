import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { documentAt, HistoryCursor, segmentOf, type Keyframe } from './seek';

interface TimedUpdate {
	seq: number;
	at: number;
	update: Uint8Array;
	participantId: string;
}

/** Two authors typing and deleting, with their updates uploaded out of time order. */
function recordSession() {
	const alice = new Y.Doc();
	const bob = new Y.Doc();
	const updates: TimedUpdate[] = [];
	let clock = 1_000;
	const record = (doc: Y.Doc, edit: (text: Y.Text) => void) => {
		let captured: Uint8Array | undefined;
		const capture = (update: Uint8Array) => (captured = update);
		doc.on('update', capture);
		edit(doc.getText('code'));
		doc.off('update', capture);
		const other = doc === alice ? bob : alice;
		Y.applyUpdate(other, captured!);
		clock += 10;
		return { at: clock, update: captured! };
	};
	const made: { at: number; update: Uint8Array }[] = [];
	for (let i = 0; i < 60; i++) {
		made.push(
			record(alice, (text) => text.insert(text.length, String.fromCharCode(97 + (i % 26))))
		);
		if (i % 7 === 3) made.push(record(bob, (text) => text.delete(0, 1)));
		if (i % 11 === 5) made.push(record(bob, (text) => text.insert(0, 'B')));
	}
	// Bob's updates reach the coordinator late, after all of Alice's (an offline queue).
	const arrival = [...made.filter((_, i) => i % 3 !== 1), ...made.filter((_, i) => i % 3 === 1)];
	arrival.forEach((entry, index) =>
		updates.push({ seq: index + 1, participantId: 'author', ...entry })
	);
	return updates;
}

/** Keyframes every `every` uploads, built as the coordinator builds them. */
function keyframesOf(updates: TimedUpdate[], every: number): Keyframe[] {
	const doc = new Y.Doc();
	const keyframes: Keyframe[] = [];
	let coversUntil = 0;
	for (const update of updates) {
		Y.applyUpdate(doc, update.update);
		coversUntil = Math.max(coversUntil, update.at);
		if (update.seq % every === 0) {
			keyframes.push({ throughSeq: update.seq, coversUntil, state: Y.encodeStateAsUpdate(doc) });
		}
	}
	return keyframes;
}

/** The reference: every update made at or before `time`, applied from an empty document. */
function replayFromZero(updates: TimedUpdate[], time: number): string {
	const doc = new Y.Doc();
	for (const update of [...updates].sort((a, b) => a.at - b.at)) {
		if (update.at <= time) Y.applyUpdate(doc, update.update);
	}
	return doc.getText('code').toString();
}

/**
 * Segments of `size` updates by seq, as the coordinator packs them — one of them reaching
 * back across a keyframe, as when updates waited out the dedupe window.
 */
function segmentsOf(updates: TimedUpdate[], size: number) {
	const segments = [];
	for (let i = 0; i < updates.length; i += size) {
		segments.push(segmentOf(updates.slice(i === size * 2 ? i - 3 : i, i + size)));
	}
	return segments;
}

describe('documentAt', () => {
	const updates = recordSession();
	const keyframes = keyframesOf(updates, 16);
	const segments = segmentsOf(updates, 10);
	const times = [0, ...updates.map((update) => update.at), Number.MAX_SAFE_INTEGER];

	it('equals applying every update made up to that time, at every instant', () => {
		expect(keyframes.length).toBeGreaterThan(3);
		for (const time of times) {
			expect(documentAt(keyframes, segments, time).getText('code').toString()).toBe(
				replayFromZero(updates, time)
			);
		}
	});

	it('needs no keyframe, only slower', () => {
		for (const time of times.filter((_, index) => index % 5 === 0)) {
			expect(documentAt([], segments, time).getText('code').toString()).toBe(
				replayFromZero(updates, time)
			);
		}
	});

	it('is empty before the first edit', () => {
		expect(documentAt(keyframes, segments, 0).getText('code').toString()).toBe('');
	});
});

describe('HistoryCursor', () => {
	it('answers every instant as documentAt does, from one merged document', () => {
		const updates = recordSession();
		const segments = segmentsOf(updates, 10);
		const cursor = new HistoryCursor(segments);
		for (const time of [0, ...updates.map((update) => update.at)]) {
			expect(cursor.documentAt(time).getText('code').toString()).toBe(
				replayFromZero(updates, time)
			);
		}
		cursor.destroy();
	});
});

describe('hostile: a history with damaged or incomplete parts', () => {
	const typed = (clientId: number, text: string, base?: Y.Doc) => {
		const doc = new Y.Doc();
		doc.clientID = clientId;
		if (base) Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
		const before = Y.encodeStateVector(doc);
		const code = doc.getText('code');
		code.insert(code.length, text);
		return { doc, update: Y.encodeStateAsUpdate(doc, before) };
	};

	it('skips a segment that does not apply, reports it, and replays the rest', () => {
		const good = typed(1, 'kept');
		const segments = [
			segmentOf([{ seq: 1, participantId: 'a', at: 10, update: good.update }]),
			{
				merged: new Uint8Array([0, 1, 200, 7]),
				entries: [{ seq: 2, participantId: 'a', at: 20, client: 1, clockEnd: 9, deletes: [] }]
			}
		];
		const damaged: unknown[] = [];
		const doc = documentAt([], segments, 100, (error) => damaged.push(error));
		expect(doc.getText('code').toString()).toBe('kept');
		expect(damaged).toHaveLength(1);
		let cursorDamage = 0;
		const cursor = new HistoryCursor(segments, () => cursorDamage++);
		expect(cursor.documentAt(100).getText('code').toString()).toBe('kept');
		expect(cursorDamage).toBe(1);
	});

	it('cuts around edits that wait for an edit never recorded, instead of failing', () => {
		const first = typed(1, 'a');
		const missing = typed(1, 'b', first.doc);
		const waiting = typed(2, 'c', missing.doc);
		const segments = [
			segmentOf([
				{ seq: 1, participantId: 'a', at: 10, update: first.update },
				{ seq: 2, participantId: 'b', at: 30, update: waiting.update }
			])
		];
		expect(documentAt([], segments, 100).getText('code').toString()).toBe('a');
		expect(new HistoryCursor(segments).documentAt(100).getText('code').toString()).toBe('a');
	});
});
