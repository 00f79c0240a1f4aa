import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { and, asc, desc, eq, gt, inArray, lte, max, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import type { RecordedEntry } from '../../../src/lib/protocol/recording';
import type { Database } from '../db/client';
import {
	keyframesTable,
	recordedSegmentsTable,
	recordedSignalsTable,
	recordedUpdatesTable
} from '../db/schema';
import { type HistorySegment, segmentOf } from '../../../src/lib/replay/seek';
import { decodeSegment, encodeSegment } from './segment-codec';
import { checkRoomUpdate, InvalidUpdateError } from './update-validation';

export interface RecordingOptions {
	/** A keyframe is stored once this many updates arrived after the last one… */
	keyframeEvery: number;
	/** …or once the oldest update not in a keyframe is this old. */
	keyframeAfterMs: number;
	/** Bytes of updates one participant may upload per minute. */
	bytesPerMinute: number;
	/**
	 * Updates stay in their own rows, where a re-upload is recognised by its hash, for this
	 * long before they are packed into a compressed segment.
	 */
	dedupeWindowMs: number;
	/** Updates packed into one segment at most; packing waits until that many have settled. */
	segmentSize: number;
}

export const defaultRecordingOptions: RecordingOptions = {
	keyframeEvery: 5000,
	keyframeAfterMs: 15 * 60_000,
	bytesPerMinute: 2 * 1024 * 1024,
	dedupeWindowMs: 2 * 60_000,
	segmentSize: 2000
};

/**
 * Splits rows (by seq) into segments that end at keyframe boundaries and hold at most
 * `maxSize` updates, so that a seek applies only the segments after its keyframe.
 */
export function segmentChunks<Row extends { seq: number }>(
	rows: Row[],
	keyframeSeqs: number[],
	maxSize: number
): Row[][] {
	const ends = [...keyframeSeqs].sort((a, b) => a - b);
	const chunks: Row[][] = [];
	let current: Row[] = [];
	let currentBucket = -1;
	let bucket = 0;
	for (const row of rows) {
		// The bucket of a row: the first keyframe that includes it.
		while (bucket < ends.length && ends[bucket]! < row.seq) bucket++;
		if (current.length && (bucket !== currentBucket || current.length >= maxSize)) {
			chunks.push(current);
			current = [];
		}
		currentBucket = bucket;
		current.push(row);
	}
	if (current.length) chunks.push(current);
	return chunks;
}

export class UploadRateError extends Error {
	override name = 'UploadRateError';
}

export interface Uploader {
	roomId: string;
	participantId: string;
}

/** A stored update as the replay reads it. */
export interface StoredUpdate {
	seq: number;
	participantId: string;
	clientTime: Date;
	update: Uint8Array;
}

export interface StoredKeyframe {
	throughSeq: number;
	/** The latest author time among the updates it includes: usable for seeks from then on. */
	coversUntil: Date;
	state: Uint8Array;
}

/**
 * The coordinator's record of each interview: the updates and signals participants upload,
 * checked and stored append-only, and a keyframe of the whole document every so often.
 */
export class RecordingStore {
	private readonly usage = new Map<string, { since: number; bytes: number }>();

	constructor(
		private readonly db: Database,
		private readonly options: RecordingOptions = defaultRecordingOptions,
		private readonly now: () => number = Date.now
	) {}

	/**
	 * Checks every entry first, so that a bad one rejects the whole upload and stores nothing;
	 * then stores them. An update or signal already stored is skipped, so retries are safe.
	 */
	async record(uploader: Uploader, entries: RecordedEntry[]): Promise<void> {
		const updates = entries.flatMap((entry, index) => {
			if (entry.type !== 'update') return [];
			const bytes = new Uint8Array(Buffer.from(entry.update, 'base64'));
			try {
				checkRoomUpdate(bytes);
			} catch (error) {
				if (error instanceof InvalidUpdateError) {
					throw new InvalidUpdateError(`entries.${index}: ${error.message}`);
				}
				throw error;
			}
			return [{ at: entry.at, bytes }];
		});
		this.charge(
			uploader.participantId,
			updates.reduce((sum, update) => sum + update.bytes.length, 0)
		);

		if (updates.length) {
			await this.db
				.insert(recordedUpdatesTable)
				.values(
					updates.map(({ at, bytes }) => ({
						roomId: uploader.roomId,
						participantId: uploader.participantId,
						clientTime: new Date(at),
						hash: createHash('sha256').update(bytes).digest('base64url'),
						update: bytes
					}))
				)
				.onConflictDoNothing();
		}
		const signals = entries.flatMap((entry) => (entry.type === 'signal' ? [entry] : []));
		if (signals.length) {
			await this.db
				.insert(recordedSignalsTable)
				.values(
					signals.map((entry) => ({
						id: entry.id,
						roomId: uploader.roomId,
						participantId: uploader.participantId,
						clientTime: new Date(entry.at),
						signal: entry.signal
					}))
				)
				.onConflictDoNothing();
		}
		if (updates.length) {
			await this.keyframeIfDue(uploader.roomId);
			await this.compact(uploader.roomId);
		}
	}

	/** Counts `bytes` against the participant's minute; throws past the allowance. */
	private charge(participantId: string, bytes: number) {
		const now = this.now();
		let usage = this.usage.get(participantId);
		if (!usage || now - usage.since >= 60_000) {
			usage = { since: now, bytes: 0 };
			this.usage.set(participantId, usage);
		}
		if (usage.bytes + bytes > this.options.bytesPerMinute) {
			throw new UploadRateError(
				`Uploads are limited to ${this.options.bytesPerMinute / 1024 / 1024} MB a minute: retry shortly`
			);
		}
		usage.bytes += bytes;
	}

	/**
	 * Stores a keyframe when enough updates have arrived since the last one. It is stored as
	 * what changed since the previous keyframe (the first one whole): each keyframe still
	 * stands for the full state, rebuilt from the few before it, at a fraction of the bytes.
	 */
	async keyframeIfDue(roomId: string, force = false): Promise<void> {
		const [last] = await this.keyframeRows(roomId)
			.orderBy(desc(keyframesTable.throughSeq))
			.limit(1);
		const after = last?.throughSeq ?? 0;
		const [loose] = await this.db
			.select({
				count: sql<number>`count(*)::int`,
				maxSeq: max(recordedUpdatesTable.seq),
				oldestAgeMs: sql<number>`coalesce(extract(epoch from now() - min(${recordedUpdatesTable.receivedAt})) * 1000, 0)::float8`
			})
			.from(recordedUpdatesTable)
			.where(and(eq(recordedUpdatesTable.roomId, roomId), gt(recordedUpdatesTable.seq, after)));
		const [packed] = await this.db
			.select({
				count: sql<number>`coalesce(sum(${recordedSegmentsTable.updates}), 0)::int`,
				maxSeq: max(recordedSegmentsTable.throughSeq)
			})
			.from(recordedSegmentsTable)
			.where(
				and(eq(recordedSegmentsTable.roomId, roomId), gt(recordedSegmentsTable.throughSeq, after))
			);
		const maxSeq = Math.max(loose?.maxSeq ?? 0, packed?.maxSeq ?? 0);
		if (!maxSeq) return;
		const due =
			force ||
			(loose?.count ?? 0) + (packed?.count ?? 0) >= this.options.keyframeEvery ||
			(loose?.oldestAgeMs ?? 0) >= this.options.keyframeAfterMs;
		if (!due) return;

		const doc = new Y.Doc();
		const chain = await this.keyframeRows(roomId).orderBy(asc(keyframesTable.throughSeq));
		for (const link of chain) Y.applyUpdate(doc, inflateRawSync(link.state));
		const previous = Y.encodeStateVector(doc);
		const segments = await this.history(roomId, after, maxSeq);
		let coversUntil = last?.coversUntil.getTime() ?? 0;
		Y.transact(doc, () => {
			for (const segment of segments) {
				Y.applyUpdate(doc, segment.merged);
				for (const entry of segment.entries) {
					if (entry.seq > after) coversUntil = Math.max(coversUntil, entry.at);
				}
			}
		});
		await this.db
			.insert(keyframesTable)
			.values({
				roomId,
				throughSeq: maxSeq,
				coversUntil: new Date(coversUntil),
				// Deflated: a document state is mostly text.
				state: deflateRawSync(Y.encodeStateAsUpdate(doc, previous), { level: 9 })
			})
			.onConflictDoNothing();
		if (force) await this.compact(roomId, true);
	}

	/**
	 * Packs the room's settled updates — past the dedupe window, or all of them with `force`
	 * (the interview has ended) — into compressed segments once there are enough for one.
	 */
	async compact(roomId: string, force = false): Promise<void> {
		const settled = force
			? sql`true`
			: sql`${recordedUpdatesTable.receivedAt} < now() - make_interval(secs => ${this.options.dedupeWindowMs / 1000})`;
		const ofRoom = and(eq(recordedUpdatesTable.roomId, roomId), settled);
		if (!force) {
			const [waiting] = await this.db
				.select({ count: sql<number>`count(*)::int` })
				.from(recordedUpdatesTable)
				.where(ofRoom);
			if ((waiting?.count ?? 0) < this.options.segmentSize) return;
		}
		await this.db.transaction(async (tx) => {
			const rows = await tx
				.select()
				.from(recordedUpdatesTable)
				.where(ofRoom)
				.orderBy(asc(recordedUpdatesTable.seq));
			if (!rows.length) return;
			const boundaries = await tx
				.select({ throughSeq: keyframesTable.throughSeq })
				.from(keyframesTable)
				.where(eq(keyframesTable.roomId, roomId));
			for (const chunk of segmentChunks(
				rows,
				boundaries.map((row) => row.throughSeq),
				this.options.segmentSize
			)) {
				await tx.insert(recordedSegmentsTable).values({
					roomId,
					fromSeq: chunk[0]!.seq,
					throughSeq: chunk.at(-1)!.seq,
					updates: chunk.length,
					data: encodeSegment(chunk)
				});
			}
			await tx.delete(recordedUpdatesTable).where(
				inArray(
					recordedUpdatesTable.seq,
					rows.map((row) => row.seq)
				)
			);
		});
	}

	/** The room's keyframes, each as the full document state at its point. */
	async keyframes(roomId: string): Promise<StoredKeyframe[]> {
		const rows = await this.keyframeRows(roomId).orderBy(asc(keyframesTable.throughSeq));
		const doc = new Y.Doc();
		return rows.map((row) => {
			Y.applyUpdate(doc, inflateRawSync(row.state));
			return { ...row, state: Y.encodeStateAsUpdate(doc) };
		});
	}

	private keyframeRows(roomId: string) {
		return this.db
			.select({
				throughSeq: keyframesTable.throughSeq,
				coversUntil: keyframesTable.coversUntil,
				state: keyframesTable.state
			})
			.from(keyframesTable)
			.where(eq(keyframesTable.roomId, roomId))
			.$dynamic();
	}

	/**
	 * The room's recorded history after `afterSeq`: the packed segments that hold any of it,
	 * and the updates not packed yet (up to `throughSeq`) as one more segment.
	 */
	async history(
		roomId: string,
		afterSeq = 0,
		throughSeq = Number.MAX_SAFE_INTEGER
	): Promise<HistorySegment[]> {
		const [loose, packed] = await Promise.all([
			this.looseUpdates(roomId, afterSeq, throughSeq),
			this.db
				.select({ data: recordedSegmentsTable.data })
				.from(recordedSegmentsTable)
				.where(
					and(
						eq(recordedSegmentsTable.roomId, roomId),
						gt(recordedSegmentsTable.throughSeq, afterSeq)
					)
				)
				.orderBy(asc(recordedSegmentsTable.throughSeq))
		]);
		const segments: HistorySegment[] = packed.map((row) => decodeSegment(row.data));
		if (loose.length) {
			segments.push(
				segmentOf(loose.map((update) => ({ ...update, at: update.clientTime.getTime() })))
			);
		}
		return segments;
	}

	private looseUpdates(
		roomId: string,
		afterSeq: number,
		throughSeq: number
	): Promise<StoredUpdate[]> {
		return this.db
			.select({
				seq: recordedUpdatesTable.seq,
				participantId: recordedUpdatesTable.participantId,
				clientTime: recordedUpdatesTable.clientTime,
				update: recordedUpdatesTable.update
			})
			.from(recordedUpdatesTable)
			.where(
				and(
					eq(recordedUpdatesTable.roomId, roomId),
					gt(recordedUpdatesTable.seq, afterSeq),
					lte(recordedUpdatesTable.seq, throughSeq)
				)
			)
			.orderBy(asc(recordedUpdatesTable.seq));
	}
}
