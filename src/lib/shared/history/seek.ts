import * as Y from 'yjs';

/** One recorded update as the replay knows it: who made it, when, and what it changed. */
export interface EditEntry {
	seq: number;
	participantId: string;
	/** The author's clock, ms since the epoch. */
	at: number;
	/** The Yjs client that inserted, and the clock just past what it inserted; -1 for none. */
	client: number;
	clockEnd: number;
	/** What it deleted, as [client, clock, length] triples. */
	deletes: [number, number, number][];
}

/**
 * A run of recorded updates: merged into one Yjs update (typing merges into few structs),
 * with an entry per original update, which is all a seek needs to cut it at any instant.
 */
export interface HistorySegment {
	merged: Uint8Array;
	entries: EditEntry[];
}

export interface Keyframe {
	throughSeq: number;
	/** The latest author time among the updates it includes. */
	coversUntil: number;
	state: Uint8Array;
}

/** The entry of one update: its inserted range and its deletions, read from the update. */
export function indexUpdate(
	update: Uint8Array,
	meta: { seq: number; participantId: string; at: number }
): EditEntry {
	const decoded = Y.decodeUpdate(update);
	let client = -1;
	let clockEnd = -1;
	for (const struct of decoded.structs) {
		client = struct.id.client;
		clockEnd = Math.max(clockEnd, struct.id.clock + struct.length);
	}
	const deletes: [number, number, number][] = [];
	decoded.ds.clients.forEach((items, deletedClient) => {
		for (const item of items) deletes.push([deletedClient, item.clock, item.len]);
	});
	return {
		seq: meta.seq,
		participantId: meta.participantId,
		at: meta.at,
		client,
		clockEnd,
		deletes
	};
}

/** A segment of individual updates, in seq order. */
export function segmentOf(
	updates: { seq: number; participantId: string; at: number; update: Uint8Array }[]
): HistorySegment {
	return {
		merged: Y.mergeUpdates(updates.map((update) => update.update)),
		entries: updates.map(({ update, ...meta }) => indexUpdate(update, meta))
	};
}

/**
 * The document as it was at `time`: everything its authors did at or before then. It
 * starts from the latest keyframe whose updates all precede `time`, adds the segments that
 * hold anything newer from before `time`, and cuts the result at `time` with a Yjs snapshot
 * (each client's inserted range, the deletions) — no update is re-applied one by one.
 * `segments` must hold the whole history, the keyframe's part included.
 */
export function documentAt(
	keyframes: Keyframe[],
	segments: HistorySegment[],
	time: number,
	onDamaged: (error: unknown) => void = () => {}
): Y.Doc {
	let start: Keyframe | undefined;
	for (const keyframe of keyframes) {
		if (keyframe.coversUntil <= time && (!start || keyframe.throughSeq > start.throughSeq)) {
			start = keyframe;
		}
	}
	// Deleted content must stay in the struct store for a snapshot to cut it.
	let base = new Y.Doc({ gc: false });
	if (start && !applyOrReport(base, start.state, onDamaged)) {
		// A keyframe that does not apply: start from the beginning instead.
		base.destroy();
		base = new Y.Doc({ gc: false });
		start = undefined;
	}
	const after = start?.throughSeq ?? 0;
	Y.transact(base, () => {
		for (const segment of segments) {
			const needed = segment.entries.some((entry) => entry.seq > after && entry.at <= time);
			if (needed) applyOrReport(base, segment.merged, onDamaged);
		}
	});
	const doc = cutAt(base, segments, time);
	base.destroy();
	return doc;
}

/**
 * The part of `base` (a document that keeps deleted content) its authors had made by `time`,
 * per `segments`' entries: each client's inserted range and the deletions, as a snapshot.
 * What the snapshot keeps comes from the entries, the keyframe's included: a keyframe may
 * hold structs it could not integrate yet (their author's earlier update came later).
 */
/**
 * Applies a stored update; one that does not apply is skipped and reported, so that nothing
 * stored can stop a replay. Returns whether it applied.
 */
function applyOrReport(doc: Y.Doc, update: Uint8Array, onDamaged: (error: unknown) => void) {
	try {
		Y.applyUpdate(doc, update);
		return true;
	} catch (error) {
		onDamaged(error);
		return false;
	}
}

function cutAt(base: Y.Doc, segments: HistorySegment[], time: number): Y.Doc {
	const reached = new Map<number, number>();
	const deleted = Y.createDeleteSet();
	for (const segment of segments) {
		for (const entry of segment.entries) {
			if (entry.at > time) continue;
			if (entry.client >= 0) {
				reached.set(entry.client, Math.max(reached.get(entry.client) ?? 0, entry.clockEnd));
			}
			for (const [client, clock, len] of entry.deletes) {
				const items = deleted.clients.get(client) ?? [];
				items.push({ clock, len } as (typeof items)[number]);
				deleted.clients.set(client, items);
			}
		}
	}
	// An entry may claim more than `base` holds: structs still waiting for what they build on
	// (never uploaded), or a range its update never had. A snapshot can only cut what is there.
	for (const [client, clock] of reached) {
		reached.set(client, Math.min(clock, Y.getState(base.store, client)));
	}
	return Y.createDocFromSnapshot(base, Y.createSnapshot(Y.mergeDeleteSets([deleted]), reached));
}

/**
 * Seeks for a replay that stays open: the whole history is merged once into one document
 * that keeps deleted content, and every seek after that is only the snapshot cut.
 */
export class HistoryCursor {
	private readonly base = new Y.Doc({ gc: false });

	/** `onDamaged` hears of each segment that does not apply and was left out. */
	constructor(
		private readonly segments: HistorySegment[],
		onDamaged: (error: unknown) => void = () => {}
	) {
		Y.transact(this.base, () => {
			for (const segment of segments) applyOrReport(this.base, segment.merged, onDamaged);
		});
	}

	documentAt(time: number): Y.Doc {
		return cutAt(this.base, this.segments, time);
	}

	destroy() {
		this.base.destroy();
	}
}
