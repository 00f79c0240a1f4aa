import type { Logger } from '../../server-common/logger';
import type { CodeRunner } from './code-runner';
import type { SharedRunQueue } from './run-queue';
import { startRunWorker } from './worker';

/**
 * A runner process for RUNNER_MODE=remote: claims runs from the shared queue, executes
 * them in its own Docker engine, kills the one someone stops as soon as the queue says so,
 * publishes their events through the queue, and reports
 * every few seconds that it is alive (the coordinators' availability check reads that).
 */
export async function startStandaloneRunner(options: {
	queue: SharedRunQueue;
	runner: CodeRunner;
	id: string;
	concurrency: number;
	log: Logger;
	heartbeatMs?: number;
}) {
	const { queue, runner, id, log } = options;
	const onError = (error: unknown) => log.error('run failed', { error: String(error) });
	const worker = startRunWorker({
		queue,
		runner,
		runnerId: id,
		concurrency: options.concurrency,
		onError
	});
	const unlisten = await queue.onQueued(() => worker.wake());
	const unlistenStops = await queue.onStopRequested((runId) => worker.stop(runId));
	const heartbeat = async () => {
		const availability = await runner.availability();
		await queue.reportRunner(id, availability);
		return availability;
	};
	const first = await heartbeat();
	log.info(first.available ? `runner ${id} ready` : `runner ${id} cannot execute: ${first.reason}`);
	const timer = setInterval(() => void heartbeat().catch(onError), options.heartbeatMs ?? 5_000);

	return {
		/** Stops claiming, finishes the runs in progress, and signs off. */
		async close() {
			clearInterval(timer);
			await unlisten();
			await unlistenStops();
			await worker.close();
			await queue.removeRunner(id);
		}
	};
}
