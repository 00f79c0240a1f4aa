import type { RunQueue, StartLocalRunner } from '../../../runner/src/run-queue';
import type { Logger } from '../../../server-common/logger';
import { runQueueOn } from '../../../server-common/runs-queue/claims';
import { signalRunQueued, signalStopRequested } from '../../../server-common/runs-queue/notices';
import { remoteAvailability } from '../../../server-common/runs-queue/runner-registry';
import type { RunServices } from '../context';
import type { Database } from '../db/client';
import type { RunEvents } from './events';
import { findRun } from './queue';

interface CommonOptions {
	db: Database;
	events: RunEvents;
	perRoomPerMinute: number;
	log: Logger;
}

/**
 * The runs queue in this coordinator's database, for a runner in this process: the room
 * hears of each run through `events`, its end with the run as stored.
 */
function localRunQueue(db: Database, events: RunEvents): RunQueue {
	return runQueueOn(db, {
		publish: (roomId, event) => events.publish(roomId, event),
		async finished(roomId, runId) {
			const run = await findRun(db, runId);
			if (run) events.publish(roomId, { type: 'finished', run });
		}
	});
}

/**
 * RUNNER_MODE=local: runs execute inside this process, in the runner `startRunner` starts on
 * the shared queue (the process entry picks it: Docker at DOCKER_HOST). With no Docker
 * engine, `availability` says so and nothing runs.
 */
export function localRunServices(options: CommonOptions & { startRunner: StartLocalRunner }): {
	services: RunServices;
	close(): Promise<void>;
} {
	const runner = options.startRunner(localRunQueue(options.db, options.events));
	return {
		services: {
			availability: () => runner.availability(),
			events: options.events,
			dispatch: runner.wake,
			// A runner of another coordinator sharing the database learns of it at its next poll.
			stop: runner.stop,
			perRoomPerMinute: options.perRoomPerMinute
		},
		close: () => runner.close()
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
				signalRunQueued(db).catch((error) =>
					log.error('could not signal the runners', { error: String(error) })
				);
			},
			stop: (runId) => {
				signalStopRequested(db, runId).catch((error) =>
					log.error('could not signal a stop to the runners', { error: String(error) })
				);
			},
			perRoomPerMinute: options.perRoomPerMinute
		},
		close: async () => {}
	};
}
