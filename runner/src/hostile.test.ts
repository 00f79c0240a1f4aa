import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import Docker from 'dockerode';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { sandboxLabel } from './sandbox';
import { engineAvailable, runProgram, testLimits, testRunner } from './test-support/engine';

// Programs a hostile candidate could run, against the real engine: each must be contained,
// reported as the limit it hit, and leave the runner serving the next run.
const hasEngine = await engineAvailable();

describe.skipIf(!hasEngine)('hostile programs', () => {
	const runner = testRunner();
	afterAll(() => runner.close());

	afterEach(async () => {
		const next = await runProgram(runner, 'python', 'print("still serving")');
		expect(next.outcome.status).toBe('succeeded');
		expect(next.text('run', 'stdout')).toBe('still serving\n');
	});

	it('a fork bomb hits the process limit', async () => {
		const run = await runProgram(runner, 'python', 'import os\nwhile True:\n    os.fork()');
		expect(run.outcome.status).toBe('limit-exceeded');
		expect(run.outcome.limitsHit).toContain('processes');
	});

	it('a 2 GB allocation hits the memory limit', async () => {
		const run = await runProgram(
			runner,
			'python',
			'block = bytearray(2 * 1024 ** 3)\nprint("allocated")'
		);
		expect(run.outcome.status).toBe('limit-exceeded');
		expect(run.outcome.limitsHit).toContain('memory');
		expect(run.text('run', 'stdout')).not.toContain('allocated');
	});

	it('an infinite loop hits the time limit', async () => {
		const run = await runProgram(
			runner,
			'cpp',
			'int main() { volatile long i = 0; for (;;) i++; }'
		);
		expect(run.outcome.status).toBe('limit-exceeded');
		expect(run.outcome.limitsHit).toEqual(['run-time']);
		expect(run.outcome.runMs).toBeGreaterThanOrEqual(testLimits.runTimeMs);
	});

	it('a network connection fails', async () => {
		const source = [
			'import socket',
			'try:',
			'    socket.create_connection(("1.1.1.1", 80), timeout=2)',
			'    print("connected")',
			'except OSError as error:',
			'    print("refused:", error)'
		].join('\n');
		const run = await runProgram(runner, 'python', source);
		expect(run.text('run', 'stdout')).toMatch(/^refused: /);
	});

	it('writing 1 GB to disk stops at the small writable /tmp, and nothing else is writable', async () => {
		const source = [
			'import os',
			'for path in ["/big", "/usr/big"]:',
			'    try:',
			'        open(path, "wb")',
			'        print("wrote", path)',
			'    except OSError as error:',
			'        print("no", path, error.strerror)',
			'chunk = b"x" * (1 << 20)',
			'with open("/tmp/big", "wb") as f:',
			'    for _ in range(1024):',
			'        f.write(chunk)'
		].join('\n');
		const run = await runProgram(runner, 'python', source);
		expect(run.text('run', 'stdout')).toBe(
			'no /big Read-only file system\nno /usr/big Read-only file system\n'
		);
		expect(run.outcome.status).toBe('failed');
		expect(run.text('run', 'stderr')).toContain('No space left on device');
	});

	it('100 MB of output is cut at the cap and reported as truncated', async () => {
		const run = await runProgram(
			runner,
			'python',
			'import sys\nfor _ in range(100):\n    sys.stdout.write("y" * (1 << 20))'
		);
		expect(run.outcome.status).toBe('limit-exceeded');
		expect(run.outcome.limitsHit).toContain('output');
		expect(run.outcome.outputTruncated).toBe(true);
		const shown = run.output.reduce((bytes, piece) => bytes + Buffer.byteLength(piece.text), 0);
		expect(shown).toBeLessThanOrEqual(testLimits.outputBytes);
		expect(shown).toBeGreaterThan(testLimits.outputBytes / 2);
	});

	it("the host's files are out of reach", async () => {
		const secret = `pairdesk-host-secret-${randomBytes(8).toString('hex')}`;
		const path = `/tmp/${secret}`;
		writeFileSync(path, secret);
		try {
			const source = `try:\n    print(open(${JSON.stringify(path)}).read())\nexcept OSError as error:\n    print("unreadable:", error.strerror)`;
			const run = await runProgram(runner, 'python', source);
			expect(run.text('run', 'stdout')).toBe('unreadable: No such file or directory\n');
		} finally {
			rmSync(path);
		}
	});

	it('a process left running after main exits dies with the sandbox', async () => {
		const source = [
			'import subprocess',
			'child = subprocess.Popen(["sleep", "300"])',
			'print("left", child.pid)'
		].join('\n');
		const run = await runProgram(runner, 'python', source);
		expect(run.outcome.status).toBe('succeeded');
		expect(run.outcome.runMs).toBeLessThan(testLimits.runTimeMs);
		// Its sandbox is removed shortly after: no container of ours is left but the warm pool.
		const docker = new Docker();
		let busy: Docker.ContainerInfo[] = [];
		for (let attempt = 0; attempt < 50; attempt++) {
			const containers = await docker.listContainers({
				all: true,
				filters: { label: [sandboxLabel] }
			});
			busy = containers.filter(
				(info) => info.State !== 'running' || info.Command !== '/usr/local/bin/pairdesk-launch'
			);
			const sleeping = await Promise.all(
				containers.map((info) =>
					docker
						.getContainer(info.Id)
						.top()
						.then(
							(top) =>
								(top.Processes ?? []).some((process: string[]) =>
									process.join(' ').includes('sleep 300')
								),
							() => false
						)
				)
			);
			if (busy.length === 0 && !sleeping.includes(true)) return;
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		throw new Error(`a sandbox outlived its run: ${JSON.stringify(busy)}`);
	});
});
