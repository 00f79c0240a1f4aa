// `npm run runner`: a stand-alone runner for RUNNER_MODE=remote. It needs the coordinators'
// DATABASE_URL and a Docker engine (DOCKER_HOST); several may run on several hosts.
import { exitOnFatalError } from '../../server-common/exit-on-fatal-error';
import { createLogger, setLogLevel } from '../../server-common/logger';
import { openQueueDatabase } from '../../server-common/runs-queue/database';
import { openSharedRunQueue } from '../../server-common/runs-queue/shared-run-queue';
import { createDockerRunner } from './docker-runner';
import { parseStandaloneRunnerEnv } from './env';
import { readLimits } from './limits';
import { startStandaloneRunner } from './standalone-runner';
import { runnerId } from './worker';

const log = createLogger('runner');
exitOnFatalError(log);

async function main() {
	const env = parseStandaloneRunnerEnv();
	setLogLevel(env.LOG_LEVEL);
	const onError = (error: unknown) => log.error('run event failed', { error: String(error) });
	const database = openQueueDatabase(env.DATABASE_URL);
	const queue = await openSharedRunQueue(database, onError);
	const runner = createDockerRunner({
		limits: readLimits(),
		poolSize: env.RUNNER_POOL_SIZE,
		onError: (error) => log.error('sandbox failure', { error: String(error) })
	});
	const standalone = await startStandaloneRunner({
		queue,
		runner,
		id: runnerId(),
		concurrency: env.RUNNER_CONCURRENCY,
		log
	});
	const shutdown = async (signal: string) => {
		log.info(`${signal}: finishing the runs in progress`);
		await standalone.close();
		await runner.close();
		await queue.close();
		await database.close();
		process.exit(0);
	};
	process.once('SIGINT', () => void shutdown('SIGINT'));
	process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
	log.error('runner start-up failed', {
		error: error instanceof Error ? error.message : String(error)
	});
	process.exit(1);
});
