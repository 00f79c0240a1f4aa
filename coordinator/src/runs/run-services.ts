import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import { type CodeRunner, createDockerRunner } from '../../../runner/src/docker-runner';
import { readLimits } from '../../../runner/src/limits';
import type { RunServices } from '../context';
import type { Database } from '../db/client';
import type { Logger } from '../../../server-common/logger';
import type { RunEvents } from './events';
import { remoteAvailability } from './runner-registry';
import { startRunWorker } from './worker';

/** Runners LISTEN here to claim a new run at once instead of at their next poll. */
export const runQueuedChannel = 'pairdesk_run_queued';

/** Long enough that no live runner still holds a run it claimed this long ago. */
export const staleRunMs = 2 * 60_000;

export const runnerId = () => `${hostname()}:${process.pid}`;

interface CommonOptions {
	db: Database;
	events: RunEvents;
	perRoomPerMinute: number;
	log: Logger;
}

/**
 * RUNNER_MODE=local: runs execute inside this process, in a Docker runner fed by a worker
 * claiming the shared queue. With no Docker engine, `availability` says so and nothing runs.
 */
export function localRunServices(
	options: CommonOptions & {
		concurrency: number;
		poolSize: number;
		/** Defaults to the Docker engine at DOCKER_HOST. */
		runner?: CodeRunner;
	}
): { services: RunServices; close(): Promise<void> } {
	const { log, events } = options;
	const onError = (error: unknown) => log.error('run failed', { error: String(error) });
	const runner =
		options.runner ??
		createDockerRunner({ limits: readLimits(), poolSize: options.poolSize, onError });
	const worker = startRunWorker({
		db: options.db,
		runner,
		publish: (roomId, event) => events.publish(roomId, event),
		runnerId: runnerId(),
		concurrency: options.concurrency,
		staleAfterMs: staleRunMs,
		onError
	});
	void runner.availability().then((state) => {
		if (state.available) log.info('code runner ready (Docker)');
		else log.warn(state.reason);
	});
	return {
		services: {
			availability: () => runner.availability(),
			events,
			dispatch: worker.wake,
			perRoomPerMinute: options.perRoomPerMinute
		},
		async close() {
			await worker.close();
			await runner.close();
		}
	};
}

/**
 * RUNNER_MODE=remote: this process only queues runs; `npm run runner` processes on hosts
 * with Docker claim and execute them, and their events arrive through PostgreSQL.
 */
export function remoteRunServices(options: CommonOptions): {
	services: RunServices;
	close(): Promise<void>;
} {
	const { db, log } = options;
	return {
		services: {
			availability: () => remoteAvailability(db),
			events: options.events,
			dispatch: () => {
				db.execute(sql`select pg_notify(${runQueuedChannel}, '')`).catch((error) =>
					log.error('could not signal the runners', { error: String(error) })
				);
			},
			perRoomPerMinute: options.perRoomPerMinute
		},
		close: async () => {}
	};
}
