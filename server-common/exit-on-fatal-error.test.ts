import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./test-support/fatal-error-process.ts', import.meta.url));

/** Runs the fixture with `failure`; resolves with its exit code and what it wrote to stderr. */
function run(failure: 'throw' | 'reject'): Promise<{ code: number | null; stderr: string }> {
	const child = spawn(process.execPath, ['--import', 'tsx', fixture, failure], {
		env: { ...process.env, LOG_LEVEL: 'error' },
		stdio: ['ignore', 'ignore', 'pipe']
	});
	let stderr = '';
	child.stderr.on('data', (chunk) => (stderr += chunk));
	return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

describe('exitOnFatalError', () => {
	it('logs an uncaught exception with the module logger and exits with status 1', async () => {
		const { code, stderr } = await run('throw');
		expect(code).toBe(1);
		expect(stderr).toMatch(
			/ERROR \[fatal-error-test\] uncaught exception: exiting \{"error":"Maximum call stack size exceeded","stack":"RangeError/
		);
	});

	it('logs an unhandled rejection the same way', async () => {
		const { code, stderr } = await run('reject');
		expect(code).toBe(1);
		expect(stderr).toContain(
			'ERROR [fatal-error-test] unhandled rejection: exiting {"error":"nobody handles this"'
		);
	});
});
