import { createHash } from 'node:crypto';
import { and, count, desc, eq, gt } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Language } from '../../../src/lib/protocol/languages';
import type { RunRecord } from '../../../src/lib/protocol/runs';
import { hasSqlState } from '../../../server-common/postgres';
import type { Database } from '../db/client';
import { participantsTable, runsTable } from '../db/schema';

/** A room already has a run waiting or running. */
export class RoomBusyError extends Error {
	constructor() {
		super('A run is already in progress in this interview: wait for it to finish');
	}
}

const uniqueViolation = '23505';

export interface RunRequestRow {
	roomId: string;
	participantId: string;
	language: Language;
	source: string;
	stdin: string;
}

/** Records a run request as `queued`; throws RoomBusyError if the room has one already. */
export async function enqueueRun(db: Database, request: RunRequestRow): Promise<string> {
	try {
		const [row] = await db
			.insert(runsTable)
			.values({
				...request,
				codeHash: createHash('sha256').update(request.source).digest('hex')
			})
			.returning({ id: runsTable.id });
		return row!.id;
	} catch (error) {
		if (hasSqlState(error, uniqueViolation)) throw new RoomBusyError();
		throw error;
	}
}

/** How many runs the room asked for since `since`. */
export async function runsRequestedSince(db: Database, roomId: string, since: Date) {
	const [row] = await db
		.select({ runs: count() })
		.from(runsTable)
		.where(and(eq(runsTable.roomId, roomId), gt(runsTable.createdAt, since)));
	return row?.runs ?? 0;
}

/** One run as the room sees it. */
export async function findRun(db: Database, id: string): Promise<RunRecord | null> {
	const [run] = await runRecords(db).where(eq(runsTable.id, id));
	return run ? toRunRecord(run) : null;
}

/** The room's runs, newest first. */
export async function roomRuns(db: Database, roomId: string, limit: number): Promise<RunRecord[]> {
	const rows = await runRecords(db)
		.where(eq(runsTable.roomId, roomId))
		.orderBy(desc(runsTable.createdAt))
		.limit(limit);
	return rows.map(toRunRecord);
}

const stoppers = alias(participantsTable, 'stoppers');

function runRecords(db: Database) {
	return db
		.select({
			run: runsTable,
			requestedBy: {
				participantId: participantsTable.id,
				name: participantsTable.name,
				role: participantsTable.role
			},
			stoppedBy: stoppers.name
		})
		.from(runsTable)
		.innerJoin(participantsTable, eq(participantsTable.id, runsTable.participantId))
		.leftJoin(stoppers, eq(stoppers.id, runsTable.stoppedBy))
		.$dynamic();
}

function toRunRecord({
	run,
	requestedBy,
	stoppedBy
}: {
	run: typeof runsTable.$inferSelect;
	requestedBy: RunRecord['requestedBy'];
	stoppedBy: string | null;
}): RunRecord {
	return {
		id: run.id,
		roomId: run.roomId,
		language: run.language as Language,
		status: run.status,
		requestedBy,
		source: run.source,
		stdin: run.stdin,
		output: run.output,
		stoppedBy,
		exitCode: run.exitCode,
		limitsHit: run.limitsHit,
		compileMs: run.compileMs,
		runMs: run.runMs,
		outputTruncated: run.outputTruncated,
		message: run.message,
		createdAt: run.createdAt.toISOString(),
		startedAt: run.startedAt?.toISOString() ?? null,
		finishedAt: run.finishedAt?.toISOString() ?? null
	};
}
