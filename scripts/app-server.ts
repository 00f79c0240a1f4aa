import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const startTimeoutMs = 120_000;
const pollIntervalMs = 250;

export interface AppServer {
	url: string;
	stop(): Promise<void>;
}

export interface AppServerOptions {
	logLevel?: string;
	/** Defaults to a free one. */
	port?: number;
	/** Kept when the server stops, so a new server can take over its data; a fresh
	 * temporary directory, removed at stop, by default. */
	dataDir?: string;
	/** More environment for the server. */
	env?: NodeJS.ProcessEnv;
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

async function waitUntilServing(url: string, child: ChildProcess) {
	const deadline = Date.now() + startTimeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`app exited with code ${child.exitCode}`);
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
	}
	throw new Error(`app did not answer at ${url} within ${startTimeoutMs} ms`);
}

/**
 * Starts the real app (`npm start`'s build step, then the coordinator) with embedded PGlite,
 * for scripts, benchmarks and tests that stop and restart the coordinator.
 */
export async function startAppServer(options: AppServerOptions = {}): Promise<AppServer> {
	execFileSync('node', ['scripts/build-if-stale.mjs'], { stdio: 'inherit' });
	const port = options.port ?? (await freePort());
	const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'pairdesk-app-'));
	const env: NodeJS.ProcessEnv = {
		...process.env,
		...options.env,
		PORT: String(port),
		HOST: '127.0.0.1',
		DATA_DIR: dataDir
	};
	delete env.DATABASE_URL;
	env.LOG_LEVEL = options.logLevel ?? 'warn';
	// node --import tsx, not npx: a signal then reaches the server itself, not a wrapper.
	const child = spawn(process.execPath, ['--import', 'tsx', 'bin/start.ts'], {
		env,
		stdio: 'inherit'
	});
	// Never outlive the script that started the server, however that script ends.
	const killChild = () => child.kill('SIGTERM');
	process.once('exit', killChild);
	const url = `http://127.0.0.1:${port}`;
	const stop = async () => {
		process.off('exit', killChild);
		if (child.exitCode === null) {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
		}
		if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
	};
	try {
		await waitUntilServing(url, child);
	} catch (error) {
		await stop();
		throw error;
	}
	return { url, stop };
}
