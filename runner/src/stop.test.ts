import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { sandboxLabel } from './sandbox';
import { engineAvailable, testLimits, testRunner } from './test-support/engine';

const hasEngine = await engineAvailable();
// Far above the few seconds a stop takes, so that only the stop can end the run.
const limits = { ...testLimits, runTimeMs: 60_000 };

/** The sandbox whose processes include one whose command line carries `marker`. */
async function sandboxRunning(docker: Docker, marker: string): Promise<string | null> {
	const sandboxes = await docker.listContainers({ filters: { label: [sandboxLabel] } });
	for (const info of sandboxes) {
		const top = await docker
			.getContainer(info.Id)
			.top()
			.catch(() => null);
		if (top?.Processes?.some((process: string[]) => process.join(' ').includes(marker)))
			return info.Id;
	}
	return null;
}

describe.skipIf(!hasEngine)('stopping a run', () => {
	const runner = testRunner(limits);
	const docker = new Docker();
	afterAll(() => runner.close());

	it('kills an infinite loop at once: status stopped, no limit hit, its container gone', async () => {
		const marker = `pairdesk-stop-${randomBytes(6).toString('hex')}`;
		// The loop re-executes itself with the marker in its command line, for `top` to find.
		const source = [
			'import os, sys',
			'print("looping", flush=True)',
			`os.execv(sys.executable, [sys.executable, "-c", "while True: pass", "${marker}"])`
		].join('\n');
		const stop = new AbortController();
		let printed: () => void;
		const looping = new Promise<void>((resolve) => (printed = resolve));
		const outcome = runner.run(
			{ language: 'python', source, stdin: '' },
			{ onOutput: (piece) => piece.text.includes('looping') && printed(), signal: stop.signal }
		);
		await looping;
		let container: string | null = null;
		await expect
			.poll(async () => (container = await sandboxRunning(docker, marker)), { timeout: 10_000 })
			.not.toBeNull();
		stop.abort();
		const ended = await outcome;
		expect(ended).toMatchObject({ status: 'stopped', exitCode: null, limitsHit: [] });
		expect(ended.runMs).toBeLessThan(limits.runTimeMs);
		await expect
			.poll(
				() =>
					docker
						.getContainer(container!)
						.inspect()
						.then(
							() => 'still there',
							(error: { statusCode?: number }) => error.statusCode
						),
				{ timeout: 10_000 }
			)
			.toBe(404);
	});

	it('a run stopped before it starts never takes a sandbox', async () => {
		const stop = new AbortController();
		stop.abort();
		const outcome = await runner.run(
			{ language: 'python', source: 'print("never")', stdin: '' },
			{ onOutput: () => expect.unreachable('a stopped run has no output'), signal: stop.signal }
		);
		expect(outcome).toMatchObject({ status: 'stopped', runMs: null, limitsHit: [] });
	});
});
