import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { createCoordinator } from '../coordinator/src/app';
import { parseEnv } from '../coordinator/src/env';
import { parseRunnerEnv } from '../runner/src/env';
import { localDockerRunner } from '../runner/src/local-runner';
import { exitOnFatalError } from '../server-common/exit-on-fatal-error';
import { createLogger, setLogLevel } from '../server-common/logger';

const log = createLogger('server');
exitOnFatalError(log);

/**
 * Production entry: the built SvelteKit app and the coordinator on one port; with
 * RUNNER_MODE=local the coordinator hosts a runner on the Docker engine at DOCKER_HOST.
 */
async function main() {
	const env = parseEnv();
	const runnerEnv = parseRunnerEnv();
	setLogLevel(env.LOG_LEVEL);
	const handlerUrl = pathToFileURL(resolve(env.BUILD_DIR, 'handler.js')).href;
	const { handler: svelteKitHandler } = (await import(handlerUrl)) as {
		handler: (req: unknown, res: unknown, next: () => void) => void;
	};
	const coordinator = await createCoordinator(env, {
		startLocalRunner: localDockerRunner(runnerEnv)
	});

	const server = createServer((req, res) =>
		coordinator.handleRequest(req, res, () =>
			svelteKitHandler(req, res, () => {
				res.statusCode = 404;
				res.end('Not found');
			})
		)
	);
	server.on('upgrade', (req, socket, head) => {
		if (!coordinator.handleUpgrade(req, socket, head)) socket.destroy();
	});
	server.listen(env.PORT, env.HOST, () => {
		const address = server.address();
		const port = typeof address === 'object' && address ? address.port : env.PORT;
		log.info(`pairdesk listening on http://localhost:${port}`);
	});

	const shutdown = (signal: string) => {
		log.info(`${signal}: shutting down`);
		server.close();
		server.closeAllConnections();
		void coordinator.close().finally(() => process.exit(0));
	};
	process.once('SIGINT', () => shutdown('SIGINT'));
	process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error) => {
	log.error('start-up failed', { error: error instanceof Error ? error.message : String(error) });
	process.exit(1);
});
