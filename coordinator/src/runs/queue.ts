import { createHash } from 'node:crypto';
import { and, asc, count, desc, eq, gt, inArray, lt } from 'drizzle-orm';
import type { Language } from '../../../src/lib/protocol/languages';
import type { RunOutcome, RunOutput, RunRecord } from '../../../src/lib/protocol/runs';
import type { Database } from '../db/client';
import { participantsTable, runsTable } from '../db/schema';

/** A room already has a run waiting or running. */
export class RoomBusyError extends Error {
	constructor() {
		super('A run is already in progress in this interview: wait for it to finish');
	}
}

const uniqueViolation = '23505';

function isUniqueViolation(error: unknown): boolean {
	// drizzle wraps the driver's error; PGlite and postgres.js both carry the SQLSTATE in `code`.
	for (let cause = error; cause; cause = (cause as { cause?: unknown }).cause) {
		if ((cause as { code?: string }).code === uniqueViolation) return true;
	}
	return false;
}

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
		if (isUniqueViolation(error)) throw new RoomBusyError();
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

export interface ClaimedRun {
	id: string;
	roomId: string;
	language: Language;
	source: string;
	stdin: string;
	startedAt: Date;
}

/**
 * Takes the oldest queued run for `runnerId` and marks it running. Concurrent claimers,
 * in this process or on other hosts, skip each other's locked rows instead of waiting.
 */
export async function claimNextRun(db: Database, runnerId: string): Promise<ClaimedRun | null> {
	const oldestQueued = db
		.select({ id: runsTable.id })
		.from(runsTable)
		.where(eq(runsTable.status, 'queued'))
		.orderBy(asc(runsTable.createdAt))
		.limit(1)
		.for('update', { skipLocked: true });
	const [run] = await db
		.update(runsTable)
		.set({ status: 'running', claimedBy: runnerId, startedAt: new Date() })
		.where(inArray(runsTable.id, oldestQueued))
		.returning({
			id: runsTable.id,
			roomId: runsTable.roomId,
			language: runsTable.language,
			source: runsTable.source,
			stdin: runsTable.stdin,
			startedAt: runsTable.startedAt
		});
	return run ? ({ ...run, startedAt: run.startedAt! } as ClaimedRun) : null;
}

/** Stores how a run ended, with its (already capped) output. */
export async function finishRun(
	db: Database,
	id: string,
	outcome: RunOutcome,
	output: RunOutput[]
): Promise<void> {
	await db
		.update(runsTable)
		.set({
			status: outcome.status,
			exitCode: outcome.exitCode,
			limitsHit: outcome.limitsHit,
			compileMs: outcome.compileMs,
			runMs: outcome.runMs,
			outputTruncated: outcome.outputTruncated,
			message: outcome.message ?? null,
			output,
			finishedAt: new Date()
		})
		.where(eq(runsTable.id, id));
}

/**
 * Runs left `running` since before `startedBefore` belonged to a runner that died; they are
 * closed as sandbox errors so that their rooms can run again. Returns their ids.
 */
export async function reapStaleRuns(db: Database, startedBefore: Date): Promise<string[]> {
	const reaped = await db
		.update(runsTable)
		.set({
			status: 'sandbox-error',
			message: 'The runner stopped before this run finished',
			finishedAt: new Date()
		})
		.where(and(eq(runsTable.status, 'running'), lt(runsTable.startedAt, startedBefore)))
		.returning({ id: runsTable.id });
	return reaped.map((run) => run.id);
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

function runRecords(db: Database) {
	return db
		.select({
			run: runsTable,
			requestedBy: {
				participantId: participantsTable.id,
				name: participantsTable.name,
				role: participantsTable.role
			}
		})
		.from(runsTable)
		.innerJoin(participantsTable, eq(participantsTable.id, runsTable.participantId))
		.$dynamic();
}

function toRunRecord({
	run,
	requestedBy
}: {
	run: typeof runsTable.$inferSelect;
	requestedBy: RunRecord['requestedBy'];
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
