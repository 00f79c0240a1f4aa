import { defineConfig } from '@playwright/test';
import {
	chromiumLaunchOptions,
	e2eDataDir,
	missingDockerHost,
	noDockerDataDir,
	noDockerPort,
	signalTraceFile
} from './tests/e2e/settings';

const port = Number(process.env.E2E_PORT ?? 4173);
export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.test.ts',
	timeout: 60_000,
	expect: { timeout: 10_000 },
	retries: process.env.CI ? 2 : 0,
	// Two browser contexts per test already keep both cores busy.
	workers: 1,
	reporter: 'list',
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		browserName: 'chromium',
		launchOptions: chromiumLaunchOptions,
		permissions: ['clipboard-read', 'clipboard-write'],
		trace: 'retain-on-failure'
	},
	webServer: [
		{
			command: `rm -rf .e2e && node scripts/build-if-stale.mjs && npx tsx bin/start.ts`,
			url: `http://127.0.0.1:${port}/`,
			reuseExistingServer: false,
			timeout: 180_000,
			stdout: 'pipe',
			stderr: 'pipe',
			env: {
				PORT: String(port),
				HOST: '127.0.0.1',
				DATA_DIR: e2eDataDir,
				SIGNAL_TRACE_FILE: signalTraceFile,
				LOG_LEVEL: 'info',
				...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {})
			}
		},
		{
			// Started after the first, so the client is built by then.
			command: 'npx tsx bin/start.ts',
			url: `http://127.0.0.1:${noDockerPort}/`,
			reuseExistingServer: false,
			timeout: 180_000,
			env: {
				PORT: String(noDockerPort),
				HOST: '127.0.0.1',
				DATA_DIR: noDockerDataDir,
				DOCKER_HOST: missingDockerHost,
				LOG_LEVEL: 'warn'
			}
		}
	]
});
