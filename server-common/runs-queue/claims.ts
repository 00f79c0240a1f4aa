import { and, asc, eq, inArray, isNotNull, lt } from 'drizzle-orm';
import type { RunOutcome, RunOutput } from '../../src/lib/protocol/runs';
import type { ClaimedRun, RunProgress, RunQueue } from '../../runner/src/run-queue';
import type { QueueDb } from './database';
import { runsTable } from './schema';

/**
 * Takes the oldest queued run for `runnerId` and marks it running. Concurrent claimers,
 * in this process or on other hosts, skip each other's locked rows instead of waiting.
 */
export async function claimNextRun(db: QueueDb, runnerId: string): Promise<ClaimedRun | null> {
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

/**
 * Stores how a run ended, with its (already capped) output. Only a run still `running` is
 * finished: one the reaper closed meanwhile keeps its record. Returns whether it stored it.
 */
export async function finishRun(
	db: QueueDb,
	id: string,
	outcome: RunOutcome,
	output: RunOutput[]
): Promise<boolean> {
	const finished = await db
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
		.where(and(eq(runsTable.id, id), eq(runsTable.status, 'running')))
		.returning({ id: runsTable.id });
	return finished.length > 0;
}

/** Which of `ids` someone asked to stop. */
export async function stopsRequested(db: QueueDb, ids: string[]): Promise<string[]> {
	if (ids.length === 0) return [];
	const rows = await db
		.select({ id: runsTable.id })
		.from(runsTable)
		.where(and(inArray(runsTable.id, ids), isNotNull(runsTable.stopRequestedAt)));
	return rows.map((row) => row.id);
}

/** When the queue's reaper takes a run for abandoned. */
export interface StaleRunCutoffs {
	/** A run started before this belonged to a runner that died. */
	startedBefore: Date;
	/** A stop asked for before this and still unconfirmed: the runner holding it is gone. */
	stopRequestedBefore: Date;
}

/**
 * Runs left `running` by a runner that died are closed so that their rooms can run again:
 * as stopped when someone asked it to stop, as sandbox errors otherwise. Returns them.
 */
export async function reapStaleRuns(
	db: QueueDb,
	{ startedBefore, stopRequestedBefore }: StaleRunCutoffs
): Promise<{ id: string; roomId: string }[]> {
	const running = eq(runsTable.status, 'running');
	const closed = { id: runsTable.id, roomId: runsTable.roomId };
	const stopped = await db
		.update(runsTable)
		.set({ status: 'stopped', finishedAt: new Date() })
		.where(and(running, lt(runsTable.stopRequestedAt, stopRequestedBefore)))
		.returning(closed);
	const abandoned = await db
		.update(runsTable)
		.set({
			status: 'sandbox-error',
			message: 'The runner stopped before this run finished',
			finishedAt: new Date()
		})
		.where(and(running, lt(runsTable.startedAt, startedBefore)))
		.returning(closed);
	return [...stopped, ...abandoned];
}

/** How a queue tells rooms of their runs: progress as it comes, a run's end once stored. */
export interface RunAnnouncer {
	publish(roomId: string, event: RunProgress): void;
	finished(roomId: string, runId: string): void | Promise<void>;
}

/** The runs table in `db` as a runner's queue, telling rooms through `announcer`. */
export function runQueueOn(db: QueueDb, announcer: RunAnnouncer): RunQueue {
	return {
		claimNext: (runnerId) => claimNextRun(db, runnerId),
		publish: (roomId, event) => announcer.publish(roomId, event),
		async finish(run, outcome, output) {
			if (await finishRun(db, run.id, outcome, output)) {
				await announcer.finished(run.roomId, run.id);
			}
		},
		stopsRequested: (ids) => stopsRequested(db, ids),
		async reapStale(cutoffs) {
			for (const run of await reapStaleRuns(db, cutoffs)) {
				await announcer.finished(run.roomId, run.id);
			}
		}
	};
}
