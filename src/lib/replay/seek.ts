import * as Y from 'yjs';

/** A recorded update, as the replay receives it. */
export interface TimedUpdate {
	seq: number;
	/** The author's clock, ms since the epoch. */
	at: number;
	update: Uint8Array;
}

export interface Keyframe {
	throughSeq: number;
	/** The latest author time among the updates it includes. */
	coversUntil: number;
	state: Uint8Array;
}

/**
 * The document as it was at `time`: every update its author made at or before then.
 * It starts from the latest keyframe whose updates all precede `time`, and applies the
 * rest of those updates — Yjs updates commute, so upload order does not matter.
 * `updates` must be sorted by `seq`.
 */
export function documentAt(keyframes: Keyframe[], updates: TimedUpdate[], time: number): Y.Doc {
	const doc = new Y.Doc();
	let start: Keyframe | undefined;
	for (const keyframe of keyframes) {
		if (keyframe.coversUntil <= time && (!start || keyframe.throughSeq > start.throughSeq)) {
			start = keyframe;
		}
	}
	Y.transact(doc, () => {
		if (start) Y.applyUpdate(doc, start.state);
		for (let i = firstAfter(updates, start?.throughSeq ?? 0); i < updates.length; i++) {
			const update = updates[i]!;
			if (update.at <= time) Y.applyUpdate(doc, update.update);
		}
	});
	return doc;
}

/** Index of the first update with a seq above `seq` (binary search). */
function firstAfter(updates: TimedUpdate[], seq: number): number {
	let low = 0;
	let high = updates.length;
	while (low < high) {
		const middle = (low + high) >> 1;
		if (updates[middle]!.seq <= seq) low = middle + 1;
		else high = middle;
	}
	return low;
}
