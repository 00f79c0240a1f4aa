import type { CodeRunner } from '../../../runner/src/docker-runner';
import type { OpenDatabase } from '../db/client';
import type { Logger } from '../../../server-common/logger';
import { PgRunEvents } from './pg-run-events';
import { removeRunner, reportRunner } from './runner-registry';
import { runQueuedChannel, staleRunMs } from './run-services';
import { startRunWorker } from './worker';

/**
 * A runner process for RUNNER_MODE=remote: claims runs from the shared database, executes
 * them in its own Docker engine, publishes their events through PostgreSQL, and reports
 * every few seconds that it is alive (the coordinators' availability check reads that).
 */
export async function startStandaloneRunner(options: {
	database: Pick<OpenDatabase, 'db' | 'listen'>;
	runner: CodeRunner;
	id: string;
	concurrency: number;
	log: Logger;
	heartbeatMs?: number;
}) {
	const { database, runner, id, log } = options;
	const onError = (error: unknown) => log.error('run failed', { error: String(error) });
	const events = await PgRunEvents.open(database, { listen: false, onError });
	const worker = startRunWorker({
		db: database.db,
		runner,
		publish: (roomId, event) => events.publish(roomId, event),
		runnerId: id,
		concurrency: options.concurrency,
		staleAfterMs: staleRunMs,
		onError
	});
	const unlisten = await database.listen(runQueuedChannel, () => worker.wake());
	const heartbeat = async () => {
		const availability = await runner.availability();
		await reportRunner(database.db, id, availability);
		return availability;
	};
	const first = await heartbeat();
	log.info(first.available ? `runner ${id} ready` : `runner ${id} cannot execute: ${first.reason}`);
	const timer = setInterval(() => heartbeat().catch(onError), options.heartbeatMs ?? 5_000);

	return {
		/** Stops claiming, finishes the runs in progress, and signs off. */
		async close() {
			clearInterval(timer);
			await unlisten();
			await worker.close();
			await events.close();
			await removeRunner(database.db, id);
		}
	};
}
