import { createServer as createHttpServer } from 'node:http';
import { createServer as createViteServer } from 'vite';
import { createCoordinator } from '../coordinator/src/app';
import { parseEnv } from '../coordinator/src/env';
import { parseRunnerEnv } from '../runner/src/env';
import { localDockerRunner } from '../runner/src/local-runner';
import { exitOnFatalError } from '../server-common/exit-on-fatal-error';
import { createLogger, setLogLevel } from '../server-common/logger';

const log = createLogger('dev');
exitOnFatalError(log);

/** `npm run dev`: Vite with hot reload and the coordinator (and its local runner) on one port. */
async function main() {
	const env = parseEnv();
	const runnerEnv = parseRunnerEnv();
	setLogLevel(env.LOG_LEVEL);
	const server = createHttpServer();
	const vite = await createViteServer({ server: { middlewareMode: true, hmr: { server } } });
	const coordinator = await createCoordinator(env, {
		startLocalRunner: localDockerRunner(runnerEnv)
	});
	server.on('request', (req, res) =>
		coordinator.handleRequest(req, res, (r, s) => vite.middlewares(r, s))
	);
	// Vite's HMR socket registers its own upgrade listener; the coordinator answers only /signal.
	server.on('upgrade', (req, socket, head) => coordinator.handleUpgrade(req, socket, head));
	server.listen(env.PORT, env.HOST, () =>
		log.info(`pairdesk dev server on http://localhost:${env.PORT}`)
	);
}

main().catch((error) => {
	log.error('dev start-up failed', { error: String(error) });
	process.exit(1);
});
