import { and, asc, eq, inArray, lt } from 'drizzle-orm';
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

/** Stores how a run ended, with its (already capped) output. */
export async function finishRun(
	db: QueueDb,
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
 * closed as sandbox errors so that their rooms can run again. Returns them.
 */
export async function reapStaleRuns(
	db: QueueDb,
	startedBefore: Date
): Promise<{ id: string; roomId: string }[]> {
	return db
		.update(runsTable)
		.set({
			status: 'sandbox-error',
			message: 'The runner stopped before this run finished',
			finishedAt: new Date()
		})
		.where(and(eq(runsTable.status, 'running'), lt(runsTable.startedAt, startedBefore)))
		.returning({ id: runsTable.id, roomId: runsTable.roomId });
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
			await finishRun(db, run.id, outcome, output);
			await announcer.finished(run.roomId, run.id);
		},
		async reapStale(startedBefore) {
			for (const run of await reapStaleRuns(db, startedBefore)) {
				await announcer.finished(run.roomId, run.id);
			}
		}
	};
}
