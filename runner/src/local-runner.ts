import { createLogger } from '../../server-common/logger';
import type { CodeRunner } from './code-runner';
import { createDockerRunner } from './docker-runner';
import type { RunnerEnv } from './env';
import { readLimits } from './limits';
import type { LocalRunner, RunQueue, StartLocalRunner } from './run-queue';
import { runnerId, startRunWorker } from './worker';

const log = createLogger('runner');
const onError = (error: unknown) => log.error('run failed', { error: String(error) });

/**
 * RUNNER_MODE=local: runs claimed from `queue` and executed by `runner` inside this process.
 * With no engine behind `runner`, `availability` says so and nothing runs.
 */
export function startLocalRunner(
	queue: RunQueue,
	options: { runner: CodeRunner; concurrency: number }
): LocalRunner {
	const { runner } = options;
	const worker = startRunWorker({
		queue,
		runner,
		runnerId: runnerId(),
		concurrency: options.concurrency,
		onError
	});
	void runner.availability().then((state) => {
		if (state.available) log.info('code runner ready (Docker)');
		else log.warn(state.reason);
	});
	return {
		availability: () => runner.availability(),
		wake: worker.wake,
		stop: worker.stop,
		async close() {
			await worker.close();
			await runner.close();
		}
	};
}

/** A local runner on the Docker engine at DOCKER_HOST, with the RUN_* limits of the environment. */
export function localDockerRunner(env: RunnerEnv): StartLocalRunner {
	return (queue) =>
		startLocalRunner(queue, {
			runner: createDockerRunner({ limits: readLimits(), poolSize: env.RUNNER_POOL_SIZE, onError }),
			concurrency: env.RUNNER_CONCURRENCY
		});
}
