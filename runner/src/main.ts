// `npm run runner`: a stand-alone runner for RUNNER_MODE=remote. It needs the coordinators'
// DATABASE_URL and a Docker engine (DOCKER_HOST); several may run on several hosts.
import { parseEnv } from '../../coordinator/src/env';
import { openDatabase } from '../../coordinator/src/db/client';
import { exitOnFatalError } from '../../server-common/exit-on-fatal-error';
import { createLogger, setLogLevel } from '../../server-common/logger';
import { runnerId } from '../../coordinator/src/runs/run-services';
import { startStandaloneRunner } from '../../coordinator/src/runs/standalone-runner';
import { createDockerRunner } from './docker-runner';
import { readLimits } from './limits';

const log = createLogger('runner');
exitOnFatalError(log);

async function main() {
	const env = parseEnv();
	setLogLevel(env.LOG_LEVEL);
	if (!env.DATABASE_URL) {
		throw new Error(
			'DATABASE_URL is required: a runner claims runs from the coordinators’ PostgreSQL'
		);
	}
	const database = await openDatabase({ databaseUrl: env.DATABASE_URL });
	const runner = createDockerRunner({
		limits: readLimits(),
		poolSize: env.RUNNER_POOL_SIZE,
		onError: (error) => log.error('sandbox failure', { error: String(error) })
	});
	const standalone = await startStandaloneRunner({
		database,
		runner,
		id: runnerId(),
		concurrency: env.RUNNER_CONCURRENCY,
		log
	});
	const shutdown = async (signal: string) => {
		log.info(`${signal}: finishing the runs in progress`);
		await standalone.close();
		await runner.close();
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
