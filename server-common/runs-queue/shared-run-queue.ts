import type { SharedRunQueue } from '../../runner/src/run-queue';
import { runQueueOn } from './claims';
import { hasSqlState } from '../postgres';
import type { QueueDatabase, QueueDb } from './database';
import { RunNoticePublisher, runQueuedChannel, runStopChannel } from './notices';
import { removeRunner, reportRunner } from './runner-registry';
import { runnersTable, runsTable } from './schema';

const undefinedTable = '42P01';

/**
 * The runs queue in the coordinators' database, as a stand-alone runner uses it: runs claimed
 * and finished in the runs table, their events as notices that every coordinator hears, word
 * of new runs and of stops by LISTEN, and the runner's heartbeat in the runners table. Refuses a database
 * the coordinator has not set up yet, saying so.
 */
export async function openSharedRunQueue(
	{ db, listen }: QueueDatabase,
	onError: (error: unknown) => void
): Promise<SharedRunQueue & { close(): Promise<void> }> {
	await requireQueueTables(db);
	const notices = new RunNoticePublisher(db, onError);
	return {
		...runQueueOn(db, {
			publish: (roomId, event) => notices.publish(roomId, event),
			// The notice carries the id; each coordinator reads the run as stored.
			finished: (roomId, runId) => notices.publish(roomId, { type: 'finished', runId })
		}),
		onQueued: (onQueued) => listen(runQueuedChannel, () => onQueued()),
		onStopRequested: (onStop) => listen(runStopChannel, (runId) => onStop(runId)),
		reportRunner: (id, availability) => reportRunner(db, id, availability),
		removeRunner: (id) => removeRunner(db, id),
		/** Waits for the notices published so far. */
		close: () => notices.flushed()
	};
}

async function requireQueueTables(db: QueueDb) {
	try {
		await db.select({ id: runsTable.id }).from(runsTable).limit(0);
		await db.select({ id: runnersTable.id }).from(runnersTable).limit(0);
	} catch (error) {
		if (!hasSqlState(error, undefinedTable)) throw error;
		throw new Error(
			'The runs queue tables are missing from this database: start a coordinator on the same DATABASE_URL first (it applies the migrations)',
			{ cause: error }
		);
	}
}
