import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { and, asc, desc, eq, gt, inArray, lte, max, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import type { RecordedEntry } from '../../../src/lib/protocol/recording';
import type { VerifiedPeer } from '../../../src/lib/shared/rules/update-policy';
import { createLogger } from '../../../server-common/logger';
import type { Database } from '../db/client';
import {
	keyframesTable,
	recordedSegmentsTable,
	recordedSignalsTable,
	recordedUpdatesTable
} from '../db/schema';
import { type HistorySegment, segmentOf } from '../../../src/lib/shared/history/seek';
import { type EndedRoom, entriesBeforeEnd } from './after-end';
import { JudgedUpdates } from './judged-updates';
import { RecordDocs } from './record-docs';
import { decodeSegment, encodeSegment } from './segment-codec';
import { UploadAllowance } from './upload-allowance';
import { checkRoomUpdate, InvalidUpdateError } from './update-validation';

const log = createLogger('recording');

export interface RecordingOptions {
	/** A keyframe is stored once this many updates arrived after the last one… */
	keyframeEvery: number;
	/** …or once the oldest update not in a keyframe is this old. */
	keyframeAfterMs: number;
	/** Bytes of updates and signals one participant may upload per minute. */
	bytesPerMinute: number;
	/**
	 * Updates stay in their own rows, where a re-upload is recognised by its hash, for this
	 * long before they are packed into a compressed segment.
	 */
	dedupeWindowMs: number;
	/** Updates packed into one segment at most; packing waits until that many have settled. */
	segmentSize: number;
	/** Rooms whose recorded document stays in memory for judging uploads (record-docs.ts). */
	cachedRooms: number;
	/** How long after the record learned of a restriction (a lock) it takes hold for uploads. */
	rulesGraceMs: number;
	/** Uploaded updates of one participant that may wait for what they build on (held-updates.ts). */
	maxHeldPerAuthor: number;
}

export const defaultRecordingOptions: RecordingOptions = {
	keyframeEvery: 5000,
	keyframeAfterMs: 15 * 60_000,
	bytesPerMinute: 2 * 1024 * 1024,
	dedupeWindowMs: 2 * 60_000,
	segmentSize: 2000,
	cachedRooms: 200,
	rulesGraceMs: 5000,
	maxHeldPerAuthor: 2000
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

/** Counts the stored rows a read skipped because they could not be read. */
export interface DamageCount {
	skipped: number;
}

interface DamageContext {
	roomId: string;
	damage?: DamageCount;
}

function reportDamage({
	roomId,
	damage,
	error,
	row
}: DamageContext & { error: unknown; row: string }) {
	if (damage) damage.skipped += 1;
	log.error('skipped a damaged recorded row', { roomId, row, error: String(error) });
}

/**
 * Applies a stored state or update to `doc`; one that does not read or apply is skipped and
 * reported, so that no stored row can break a replay. Returns whether it applied.
 */
function applyStored(doc: Y.Doc, read: () => Uint8Array, context: DamageContext): boolean {
	try {
		Y.applyUpdate(doc, read());
		return true;
	} catch (error) {
		reportDamage({ ...context, error, row: 'state' });
		return false;
	}
}

/** The rows whose update decodes; the others are skipped and reported. */
function readableUpdates<Row extends { seq: number; update: Uint8Array }>(
	rows: Row[],
	context: DamageContext
): Row[] {
	return rows.filter((row) => {
		try {
			Y.decodeUpdate(row.update);
			return true;
		} catch (error) {
			reportDamage({ ...context, error, row: `update ${row.seq}` });
			return false;
		}
	});
}

export interface Uploader {
	roomId: string;
	/**
	 * Who uploads, from their pass; its block of Yjs client ids is the only one whose edits
	 * it may upload.
	 */
	author: VerifiedPeer;
	/**
	 * Who the upload allowance is for: the person, whichever pass they came back with (see
	 * `uploadAllowanceKey`).
	 */
	allowanceKey: string;
}

/** What an upload amounted to. */
export interface RecordOutcome {
	stored: number;
	/** Entries of an ended interview that came too late for its record (after-end.ts). */
	late: number;
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
	private readonly allowance: UploadAllowance;
	private readonly docs: RecordDocs;
	private readonly judged: JudgedUpdates;

	constructor(
		private readonly db: Database,
		private readonly options: RecordingOptions = defaultRecordingOptions
	) {
		this.allowance = new UploadAllowance(options.bytesPerMinute);
		this.docs = new RecordDocs((roomId, doc, throughSeq) => this.catchUp(roomId, doc, throughSeq), {
			maxRooms: options.cachedRooms,
			graceMs: options.rulesGraceMs
		});
		this.judged = new JudgedUpdates(db, this.docs, options.maxHeldPerAuthor);
	}

	/**
	 * Checks every entry first, so that a bad one rejects the whole upload and stores nothing;
	 * then stores them. An update or signal already stored is skipped, so retries are safe.
	 * For an ended interview (`ended`), entries from after its end are left out and counted.
	 */
	async record(
		uploader: Uploader,
		entries: RecordedEntry[],
		ended?: EndedRoom
	): Promise<RecordOutcome> {
		// Each update's bytes, decoded once for the checks and the insert.
		const bytesOf = new Map(
			entries.flatMap((entry) =>
				entry.type === 'update'
					? [[entry, new Uint8Array(Buffer.from(entry.update, 'base64'))] as const]
					: []
			)
		);
		entries.forEach((entry, index) => {
			if (entry.type !== 'update') return;
			try {
				checkRoomUpdate(bytesOf.get(entry)!, uploader.author.clientBlock);
			} catch (error) {
				if (error instanceof InvalidUpdateError) {
					throw new InvalidUpdateError(`entries.${index}: ${error.message}`);
				}
				throw error;
			}
		});
		const { accepted, late } = ended
			? entriesBeforeEnd(ended, entries, (entry) => bytesOf.get(entry)!)
			: { accepted: entries, late: 0 };
		await this.allowance.charge(uploader.allowanceKey, accepted);
		const updates = accepted.flatMap((entry) =>
			entry.type === 'update'
				? [{ label: `entries.${entries.indexOf(entry)}`, at: entry.at, bytes: bytesOf.get(entry)! }]
				: []
		);
		if (updates.length) {
			await this.docs.withRoom(uploader.roomId, (record) =>
				this.judged.store(record, uploader.author, updates)
			);
		}
		const signals = accepted.flatMap((entry) => (entry.type === 'signal' ? [entry] : []));
		if (signals.length) {
			await this.db
				.insert(recordedSignalsTable)
				.values(
					signals.map((entry) => ({
						id: entry.id,
						roomId: uploader.roomId,
						participantId: uploader.author.participantId,
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
		return { stored: accepted.length, late };
	}

	/**
	 * The room's document as recorded, as an update from `stateVector` on (none: all of it),
	 * for a page that needs what no peer it reaches can give it.
	 */
	recordedState(roomId: string, stateVector?: Uint8Array): Promise<Uint8Array> {
		return this.docs.withRoom(roomId, async (record) =>
			Y.encodeStateAsUpdate(record.room.doc, stateVector)
		);
	}

	/**
	 * Applies to `doc` what the room's record holds after `throughSeq` (0: the keyframes
	 * first, then what came after them); returns the last seq it applied.
	 */
	private async catchUp(roomId: string, doc: Y.Doc, throughSeq: number): Promise<number> {
		let through = throughSeq;
		if (!through) {
			const chain = await this.keyframeRows(roomId).orderBy(asc(keyframesTable.throughSeq));
			for (const link of chain) applyStored(doc, () => inflateRawSync(link.state), { roomId });
			through = chain.at(-1)?.throughSeq ?? 0;
		}
		const segments = await this.history(roomId, through);
		Y.transact(doc, () => {
			for (const segment of segments) {
				applyStored(doc, () => segment.merged, { roomId });
				for (const entry of segment.entries) through = Math.max(through, entry.seq);
			}
		});
		return through;
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
		for (const link of chain) applyStored(doc, () => inflateRawSync(link.state), { roomId });
		const previous = Y.encodeStateVector(doc);
		const segments = await this.history(roomId, after, maxSeq);
		let coversUntil = last?.coversUntil.getTime() ?? 0;
		Y.transact(doc, () => {
			for (const segment of segments) {
				applyStored(doc, () => segment.merged, { roomId });
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
			const readable = readableUpdates(rows, { roomId });
			if (!readable.length) return;
			for (const chunk of segmentChunks(
				readable,
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
			// Rows that could not be read stay where they are, for whoever looks into them.
			await tx.delete(recordedUpdatesTable).where(
				inArray(
					recordedUpdatesTable.seq,
					readable.map((row) => row.seq)
				)
			);
		});
	}

	/** The room's keyframes, each as the full document state at its point. */
	async keyframes(roomId: string, damage?: DamageCount): Promise<StoredKeyframe[]> {
		const rows = await this.keyframeRows(roomId).orderBy(asc(keyframesTable.throughSeq));
		const doc = new Y.Doc();
		const keyframes: StoredKeyframe[] = [];
		for (const row of rows) {
			// A keyframe that does not read leaves the ones after it incomplete: seeks then
			// start from the last good one, or from the beginning.
			if (!applyStored(doc, () => inflateRawSync(row.state), { roomId, damage })) break;
			keyframes.push({ ...row, state: Y.encodeStateAsUpdate(doc) });
		}
		return keyframes;
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
		throughSeq = Number.MAX_SAFE_INTEGER,
		damage?: DamageCount
	): Promise<HistorySegment[]> {
		const [loose, packed] = await Promise.all([
			this.looseUpdates(roomId, afterSeq, throughSeq),
			this.db
				.select({ data: recordedSegmentsTable.data, throughSeq: recordedSegmentsTable.throughSeq })
				.from(recordedSegmentsTable)
				.where(
					and(
						eq(recordedSegmentsTable.roomId, roomId),
						gt(recordedSegmentsTable.throughSeq, afterSeq)
					)
				)
				.orderBy(asc(recordedSegmentsTable.throughSeq))
		]);
		const segments = packed.flatMap((row): HistorySegment[] => {
			try {
				return [decodeSegment(row.data)];
			} catch (error) {
				reportDamage({ roomId, damage, error, row: `segment through ${row.throughSeq}` });
				return [];
			}
		});
		const readable = readableUpdates(loose, { roomId, damage });
		if (readable.length) {
			segments.push(
				segmentOf(readable.map((update) => ({ ...update, at: update.clientTime.getTime() })))
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
