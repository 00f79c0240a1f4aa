import { hostname } from 'node:os';
import { type CodeRunner, createDockerRunner } from '../../../runner/src/docker-runner';
import { readLimits } from '../../../runner/src/limits';
import type { RunServices } from '../context';
import type { Database } from '../db/client';
import type { Logger } from '../logger';
import { RunEventBus } from './events';
import { startRunWorker } from './worker';

/** Long enough that no live runner still holds a run it claimed this long ago. */
const staleRunMs = 2 * 60_000;

/**
 * Runs executed inside this process: a Docker runner and a worker claiming the shared
 * queue. With no Docker engine, `availability` says so and nothing executes.
 */
export function createLocalRunServices(options: {
	db: Database;
	concurrency: number;
	poolSize: number;
	perRoomPerMinute: number;
	log: Logger;
	/** Defaults to the Docker engine at DOCKER_HOST. */
	runner?: CodeRunner;
}): { services: RunServices; close(): Promise<void> } {
	const { log } = options;
	const onError = (error: unknown) => log.error('run failed', { error: String(error) });
	const runner =
		options.runner ??
		createDockerRunner({ limits: readLimits(), poolSize: options.poolSize, onError });
	const events = new RunEventBus();
	const worker = startRunWorker({
		db: options.db,
		runner,
		publish: (roomId, event) => events.publish(roomId, event),
		runnerId: `${hostname()}:${process.pid}`,
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
