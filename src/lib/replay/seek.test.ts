import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { documentAt, type Keyframe, type TimedUpdate } from './seek';

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
	arrival.forEach((entry, index) => updates.push({ seq: index + 1, ...entry }));
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

describe('documentAt', () => {
	const updates = recordSession();
	const keyframes = keyframesOf(updates, 16);
	const times = [0, ...updates.map((update) => update.at), Number.MAX_SAFE_INTEGER];

	it('equals applying every update made up to that time, at every instant', () => {
		expect(keyframes.length).toBeGreaterThan(3);
		for (const time of times) {
			expect(documentAt(keyframes, updates, time).getText('code').toString()).toBe(
				replayFromZero(updates, time)
			);
		}
	});

	it('starts from a keyframe when one covers the time', () => {
		const time = updates.at(-1)!.at + 1;
		const withoutUpdates = documentAt(keyframes, [], time).getText('code').toString();
		const lastKeyframeCovering = keyframes
			.filter((keyframe) => keyframe.coversUntil <= time)
			.at(-1)!;
		const expected = new Y.Doc();
		Y.applyUpdate(expected, lastKeyframeCovering.state);
		expect(withoutUpdates).toBe(expected.getText('code').toString());
		expect(withoutUpdates.length).toBeGreaterThan(0);
	});

	it('is empty before the first edit', () => {
		expect(documentAt(keyframes, updates, 0).getText('code').toString()).toBe('');
	});
});
