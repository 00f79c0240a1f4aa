import { and, eq, sql } from 'drizzle-orm';
import type { RunStatus } from '../../../src/lib/protocol/runs';
import type { Database } from '../db/client';
import { runsTable } from '../db/schema';

/** What asking to stop a run found. */
export type StopRequest =
	/** It was still queued: it is now recorded as stopped, and no runner will take it. */
	| { outcome: 'stopped' }
	/** It was running: the runner holding it is to kill it and record it stopped. */
	| { outcome: 'stopping' }
	/** It had ended already, with `status`. */
	| { outcome: 'over'; status: RunStatus }
	/** No run of that id in the room. */
	| { outcome: 'unknown' };

/**
 * Asks to stop run `runId` of room `roomId` for participant `stoppedBy`. Each step is one
 * conditional update, so a runner claiming the run at the same moment either gets it first
 * (and the second step marks it) or finds it stopped and skips it.
 */
export async function requestStop(
	db: Database,
	{ runId, roomId, stoppedBy }: { runId: string; roomId: string; stoppedBy: string }
): Promise<StopRequest> {
	const ofRoom = and(eq(runsTable.id, runId), eq(runsTable.roomId, roomId));
	const dequeued = await db
		.update(runsTable)
		.set({ status: 'stopped', stoppedBy, finishedAt: new Date() })
		.where(and(ofRoom, eq(runsTable.status, 'queued')))
		.returning({ id: runsTable.id });
	if (dequeued.length) return { outcome: 'stopped' };
	const marked = await db
		.update(runsTable)
		.set({
			// The first Stop counts: a second press changes neither the time nor who.
			stopRequestedAt: sql`coalesce(${runsTable.stopRequestedAt}, now())`,
			stoppedBy: sql`coalesce(${runsTable.stoppedBy}, ${stoppedBy}::uuid)`
		})
		.where(and(ofRoom, eq(runsTable.status, 'running')))
		.returning({ id: runsTable.id });
	if (marked.length) return { outcome: 'stopping' };
	const [run] = await db.select({ status: runsTable.status }).from(runsTable).where(ofRoom);
	return run ? { outcome: 'over', status: run.status } : { outcome: 'unknown' };
}
