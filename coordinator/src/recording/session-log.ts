import { asc, eq } from 'drizzle-orm';
import { Language } from '../../../src/lib/protocol/languages';
import { authorsByBlock } from '../../../src/lib/protocol/yjs-clients';
import type { SessionLog } from '../../../src/lib/protocol/recording';
import { documentAt } from '../../../src/lib/shared/history/seek';
import { readChat, readLanguage, roomDoc } from '../../../src/lib/shared/document/room-doc';
import type { Database } from '../db/client';
import {
	participantsTable,
	recordedSignalsTable,
	roomsTable,
	sessionLogsTable
} from '../db/schema';
import { roomRuns } from '../runs/queue';
import type { RecordingStore } from './recording-store';

/**
 * Builds and stores the session log of an ended interview from what was recorded. Run again
 * when queued updates arrive after the end, so the log always matches the recording.
 */
export async function storeSessionLog(db: Database, recording: RecordingStore, roomId: string) {
	const [room] = await db.select().from(roomsTable).where(eq(roomsTable.id, roomId));
	if (!room?.endedAt) return;
	const [keyframes, segments, signals, participants, runs] = await Promise.all([
		recording.keyframes(roomId),
		recording.history(roomId),
		db
			.select()
			.from(recordedSignalsTable)
			.where(eq(recordedSignalsTable.roomId, roomId))
			.orderBy(asc(recordedSignalsTable.clientTime)),
		db
			.select()
			.from(participantsTable)
			.where(eq(participantsTable.roomId, roomId))
			.orderBy(asc(participantsTable.admittedAt)),
		roomRuns(db, roomId, 1000)
	]);
	const final = roomDoc(
		documentAt(
			keyframes.map((keyframe) => ({ ...keyframe, coversUntil: keyframe.coversUntil.getTime() })),
			segments,
			Number.MAX_SAFE_INTEGER
		)
	);
	const times = [
		...segments.flatMap((segment) => segment.entries.map((entry) => entry.at)),
		...signals.map((row) => row.clientTime.getTime())
	];
	const startedAt = times.length
		? new Date(times.reduce((earliest, time) => Math.min(earliest, time)))
		: null;
	const signalTimes = (participantId: string, kind: string) =>
		signals
			.filter((row) => row.participantId === participantId && row.signal.kind === kind)
			.map((row) => row.clientTime.toISOString());
	const log: SessionLog = {
		language: readLanguage(final, Language.catch('python').parse(room.language)),
		finalCode: final.code.toString(),
		startedAt: startedAt?.toISOString() ?? null,
		endedAt: room.endedAt.toISOString(),
		// Authors' clocks may run ahead of the server's: never a negative duration.
		durationMs: Math.max(0, room.endedAt.getTime() - (startedAt ?? room.createdAt).getTime()),
		participants: participants.map((participant) => ({
			id: participant.id,
			name: participant.name,
			role: participant.role,
			joined: signalTimes(participant.id, 'joined'),
			left: signalTimes(participant.id, 'left')
		})),
		// A line counts only as written by its author's own client ids.
		chat: readChat(final, authorsByBlock(participants)),
		runs: runs.reverse().map((run) => ({
			id: run.id,
			at: run.createdAt,
			by: run.requestedBy.name,
			language: run.language,
			status: run.status,
			exitCode: run.exitCode
		}))
	};
	final.doc.destroy();
	await db
		.insert(sessionLogsTable)
		.values({ roomId, log })
		.onConflictDoUpdate({ target: sessionLogsTable.roomId, set: { log, updatedAt: new Date() } });
}

export async function sessionLog(db: Database, roomId: string): Promise<SessionLog | null> {
	const [row] = await db
		.select({ log: sessionLogsTable.log })
		.from(sessionLogsTable)
		.where(eq(sessionLogsTable.roomId, roomId));
	return row?.log ?? null;
}
