import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { Services } from '../coordinator/src/context';
import { type Database, openDatabase } from '../coordinator/src/db/client';
import { recordedUpdatesTable } from '../coordinator/src/db/schema';
import { authoredRows } from '../coordinator/src/recording/held-updates';
import {
	defaultRecordingOptions,
	RecordingStore
} from '../coordinator/src/recording/recording-store';
import { callerFor, createTestServices } from '../coordinator/src/test-support/caller';
import { roomWithParticipants } from '../coordinator/src/test-support/rooms';
import type { RecordedEntry } from '../src/lib/protocol/recording';
import * as Y from 'yjs';
import {
	documentAt,
	HistoryCursor,
	type HistorySegment,
	type Keyframe
} from '../src/lib/shared/history/seek';
import { summarize, type LatencySummary } from './stats';
import { typingTrace } from './typing-trace';

const hourMs = 3_600_000;
const keystrokes = 14_100;
const uploadEveryMs = 3_000;
const seeks = 300;
const fullReplays = 15;

export interface RecordingResult {
	trace: { keystrokes: number; rawBytes: number; gzipBytes: number; gzipWithTimesBytes: number };
	stored: {
		/** Compressed segments + deflated keyframes + rows not packed yet, timestamps included. */
		payloadBytes: number;
		segmentBytes: number;
		keyframeBytes: number;
		keyframes: number;
	};
	seek: {
		/** In an open replay: the history merged once (`openMs`), then each seek a snapshot cut. */
		random: LatencySummary;
		openMs: number;
		/** From scratch each time: the nearest keyframe, the segments after it, the cut. */
		fromKeyframe: LatencySummary;
		fullReapply: LatencySummary;
	};
	/**
	 * One 3-second batch through `recording.upload` (checks, the judge against the recorded
	 * document, the insert), against inserting the same rows straight into the table.
	 */
	upload: { call: LatencySummary; plainInsert: LatencySummary };
	goals: { storedAtMost1_1xGzip: boolean; seekP95AtMost10ms: boolean; seekAtMost0_1xFull: boolean };
}

/** The trace's updates with their times, as a length-prefixed log: the gzip baseline with times. */
function logWithTimes(trace: { at: number; update: Uint8Array }[]): Buffer {
	return Buffer.concat(
		trace.map(({ at, update }) => {
			const header = Buffer.alloc(8);
			header.writeUInt32LE(at, 0);
			header.writeUInt32LE(update.length, 4);
			return Buffer.concat([header, update]);
		})
	);
}

/** The baseline of an upload: its rows inserted into another room's table, nothing checked. */
async function timePlainInserts(db: Database, services: Services, batches: RecordedEntry[][]) {
	const room = await roomWithParticipants(services);
	const { participantId } = await services.tokens.verifyRoomToken(room.candidateToken);
	const times: number[] = [];
	for (const entries of batches) {
		const updates = entries.flatMap((entry) =>
			entry.type === 'update'
				? [{ at: entry.at, bytes: new Uint8Array(Buffer.from(entry.update, 'base64')) }]
				: []
		);
		const began = performance.now();
		await db.insert(recordedUpdatesTable).values(authoredRows(room.roomId, participantId, updates));
		times.push(performance.now() - began);
	}
	return times;
}

/**
 * An hour of simulated typing, uploaded through `recording.upload` in 3-second batches as
 * a page would, then ended: what the coordinator stores for it, against the gzip size of the
 * raw update log; and how long a seek to a random instant takes, against re-applying every
 * update from an empty document.
 */
export async function run(): Promise<RecordingResult> {
	const database = await openDatabase({});
	try {
		// The per-minute upload cap is for people; the bench sends an hour in seconds.
		const recording = new RecordingStore(database.db, {
			...defaultRecordingOptions,
			bytesPerMinute: Number.MAX_SAFE_INTEGER
		});
		const services = createTestServices(database.db, { recording });
		const room = await roomWithParticipants(services);
		const trace = typingTrace({ keystrokes, durationMs: hourMs, clientId: room.candidateClient });
		const start = Date.now() - hourMs;
		const caller = callerFor(services).caller;
		let batch: RecordedEntry[] = [];
		let batchEnds = uploadEveryMs;
		const batches: RecordedEntry[][] = [];
		const uploadTimes: number[] = [];
		const flush = async () => {
			for (let i = 0; i < batch.length; i += 200) {
				const entries = batch.slice(i, i + 200);
				batches.push(entries);
				const began = performance.now();
				await caller.recording.upload({ token: room.candidateToken, entries });
				uploadTimes.push(performance.now() - began);
			}
			batch = [];
		};
		for (const edit of trace) {
			if (edit.at >= batchEnds) {
				await flush();
				batchEnds = (Math.floor(edit.at / uploadEveryMs) + 1) * uploadEveryMs;
			}
			batch.push({
				type: 'update',
				at: start + edit.at,
				update: Buffer.from(edit.update).toString('base64')
			});
		}
		await flush();
		await callerFor(services, room.interviewer).caller.rooms.end({ id: room.roomId });

		const sizes = await database.db.execute(sql`
			select
				(select coalesce(sum(octet_length(data)), 0) from recorded_segments) as segments,
				(select coalesce(sum(octet_length(state)), 0) from keyframes) as keyframes,
				(select count(*) from keyframes) as keyframe_count,
				(select coalesce(sum(octet_length(update) + 16), 0) from recorded_updates) as loose`);
		const row = (sizes as unknown as { rows: Record<string, string | number>[] }).rows[0]!;
		const segmentBytes = Number(row.segments);
		const keyframeBytes = Number(row.keyframes);
		const payloadBytes = segmentBytes + keyframeBytes + Number(row.loose);

		const session = await callerFor(services, room.interviewer).caller.recording.session({
			id: room.roomId
		});
		const decode = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));
		const keyframes: Keyframe[] = (await recording.keyframes(room.roomId)).map((keyframe) => ({
			...keyframe,
			coversUntil: keyframe.coversUntil.getTime()
		}));
		const segments: HistorySegment[] = session.segments.map((segment) => ({
			...segment,
			merged: decode(segment.merged)
		}));
		const stored = segments.reduce((count, segment) => count + segment.entries.length, 0);
		if (stored !== keystrokes) throw new Error(`stored ${stored} of ${keystrokes} updates`);

		const instants = Array.from({ length: seeks }, () => start + Math.random() * hourMs);
		const opening = performance.now();
		const cursor = new HistoryCursor(segments);
		const openMs = performance.now() - opening;
		const timed = (seek: (time: number) => { destroy(): void }) => {
			// Warm-up: the first calls run before the JIT has compiled the code.
			for (const time of instants.slice(0, 30)) seek(time).destroy();
			return instants.map((time) => {
				const began = performance.now();
				seek(time).destroy();
				return performance.now() - began;
			});
		};
		const seekTimes = timed((time) => cursor.documentAt(time));
		const keyframeTimes = timed((time) => documentAt(keyframes, segments, time));
		cursor.destroy();
		const fullTimes: number[] = [];
		for (let i = 0; i < fullReplays; i++) {
			const began = performance.now();
			const doc = new Y.Doc();
			Y.transact(doc, () => {
				for (const edit of trace) Y.applyUpdate(doc, edit.update);
			});
			fullTimes.push(performance.now() - began);
			doc.destroy();
		}
		const random = summarize(seekTimes);
		const fullReapply = summarize(fullTimes);
		// Last: its rows are not part of what the interview stored.
		const plainInsertTimes = await timePlainInserts(database.db, services, batches);
		const rawLog = Buffer.concat(trace.map((edit) => edit.update));
		const gzipBytes = gzipSync(rawLog).length;
		return {
			trace: {
				keystrokes,
				rawBytes: rawLog.length,
				gzipBytes,
				gzipWithTimesBytes: gzipSync(logWithTimes(trace)).length
			},
			stored: { payloadBytes, segmentBytes, keyframeBytes, keyframes: Number(row.keyframe_count) },
			seek: { random, openMs, fromKeyframe: summarize(keyframeTimes), fullReapply },
			upload: { call: summarize(uploadTimes), plainInsert: summarize(plainInsertTimes) },
			goals: {
				storedAtMost1_1xGzip: payloadBytes <= 1.1 * gzipBytes,
				seekP95AtMost10ms: random.p95 <= 10,
				seekAtMost0_1xFull: random.p95 <= 0.1 * fullReapply.p50
			}
		};
	} finally {
		await database.close();
	}
}
