import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { languageIds, type Language } from '../src/lib/protocol/languages';
import type { RoomRunEvent } from '../src/lib/protocol/runs';
import { createDockerRunner } from '../runner/src/docker-runner';
import { defaultLimits } from '../runner/src/limits';
import { startLocalRunner } from '../runner/src/local-runner';
import { sandboxSpec } from '../runner/src/sandbox';
import { toolchains, type Toolchain } from '../runner/src/toolchains';
import { openDatabase } from '../coordinator/src/db/client';
import { createLogger } from '../server-common/logger';
import { LocalRunEvents } from '../coordinator/src/runs/events';
import { localRunServices } from '../coordinator/src/runs/run-services';
import { callerFor, createTestServices } from '../coordinator/src/test-support/caller';
import { roomWithParticipants } from '../coordinator/src/test-support/rooms';
import { BenchSkipped } from './skip';
import { summarize, type LatencySummary } from './stats';

const helloWorld: Record<Language, string> = {
	python: 'print("hello world")',
	javascript: 'console.log("hello world")',
	typescript: 'const greeting: string = "hello world";\nconsole.log(greeting);',
	go: 'package main\nimport "fmt"\nfunc main() { fmt.Println("hello world") }',
	java: 'public class Main { public static void main(String[] args) { System.out.println("hello world"); } }',
	cpp: '#include <cstdio>\nint main() { std::puts("hello world"); }'
};

/** Samples per language and setup; the compiled languages take ~0.3–1 s a run. */
const samplesFor = (language: Language) => (toolchains[language].compile ? 8 : 20);

interface Timing {
	firstByteMs: number;
	completionMs: number;
}

export interface SetupLatency {
	firstByte: LatencySummary;
	completion: LatencySummary;
}

export interface RunLatencyResult {
	languages: Partial<
		Record<
			Language,
			{
				app: SetupLatency;
				dockerRun: SetupLatency;
				/** Absent when the language's toolchain is not installed on this host. */
				bare?: SetupLatency;
			}
		>
	>;
	python: {
		goalMs: { firstByte: number; completion: number };
		met: { firstByte: boolean; completion: boolean };
	};
}

/** `sh -c "write source; compile; run"`, the launcher's steps, as one shell command. */
function shellSteps(toolchain: Toolchain, source: string): string {
	const steps = [`cat > ${toolchain.sourceFile(source)}`];
	const compile = toolchain.compile?.(source);
	if (compile) steps.push(compile);
	steps.push(toolchain.run(source).replace(/^exec /, ''));
	return steps.join(' && ');
}

/**
 * The system's toolchains, as in the images (Debian's), not version-manager shims that
 * start slower; esbuild comes from node_modules.
 */
const barePath = `${resolvePath('node_modules/.bin')}:/usr/bin:/bin`;

/** Starts a process, writes `stdin`, and times its first stdout byte and its exit. */
function timeProcess(
	command: string,
	args: string[],
	stdin: string,
	options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}
): Promise<Timing> {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		let firstByteMs: number | null = null;
		let stderr = '';
		const child = spawn(command, args, { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
		child.stdout.on('data', () => (firstByteMs ??= performance.now() - started));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.on('error', reject);
		child.on('close', (code) => {
			if (code !== 0 || firstByteMs === null) {
				return reject(new Error(`${command} exited ${code}: ${stderr.slice(0, 500)}`));
			}
			resolve({ firstByteMs, completionMs: performance.now() - started });
		});
		child.stdin.end(stdin);
	});
}

/** The same program on this host, without any container. */
function bareProcess(language: Language): Promise<Timing> {
	const toolchain = toolchains[language];
	const source = helloWorld[language];
	const dir = mkdtempSync(join(tmpdir(), 'pairdesk-bare-'));
	const env = { ...process.env, PATH: barePath, HOME: dir };
	return timeProcess('sh', ['-c', shellSteps(toolchain, source)], source, {
		cwd: dir,
		env
	}).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/** `docker run --rm` per request: a new container with the sandbox's limits, by the CLI. */
function dockerRun(language: Language): Promise<Timing> {
	const toolchain = toolchains[language];
	const source = helloWorld[language];
	const { HostConfig } = sandboxSpec('', defaultLimits);
	const args = [
		'run',
		'--rm',
		'-i',
		'--network',
		'none',
		'--user',
		'65534:65534',
		'-w',
		'/tmp',
		'-e',
		'HOME=/tmp',
		'-e',
		'GOMAXPROCS=1',
		'--memory',
		String(HostConfig!.Memory),
		'--memory-swap',
		String(HostConfig!.MemorySwap),
		'--cpus',
		String(defaultLimits.cpus),
		'--pids-limit',
		String(defaultLimits.pids),
		'--read-only',
		'--tmpfs',
		`/tmp:${HostConfig!.Tmpfs!['/tmp']}`,
		'--cap-drop',
		'ALL',
		'--security-opt',
		'no-new-privileges',
		'--log-driver',
		'none',
		`pairdesk/runner-${toolchain.image}`,
		'sh',
		'-c',
		shellSteps(toolchain, source)
	];
	return timeProcess('docker', args, source);
}

/** Whether this host can run the language's toolchain, for the bare baseline. */
async function bareAvailable(language: Language): Promise<boolean> {
	return bareProcess(language).then(
		() => true,
		() => false
	);
}

/**
 * Run request → first output byte and → completion, per language: through the coordinator
 * (database queue, warm sandbox pool, run events), through `docker run` per request, and
 * as a bare process on this host. Setups take turns so that machine noise falls on all.
 */
export async function run(): Promise<RunLatencyResult> {
	const database = await openDatabase({});
	const runs = localRunServices({
		db: database.db,
		events: new LocalRunEvents(),
		perRoomPerMinute: Number.MAX_SAFE_INTEGER,
		log: createLogger('bench-runs'),
		startRunner: (queue) =>
			startLocalRunner(queue, { runner: createDockerRunner({ poolSize: 2 }), concurrency: 1 })
	});
	try {
		const availability = await runs.services.availability();
		if (!availability.available) throw new BenchSkipped(availability.reason);
		const services = createTestServices(database.db, { runs: runs.services });
		const room = await roomWithParticipants(services);
		const caller = callerFor(services).caller;

		const viaCoordinator = (language: Language) =>
			new Promise<Timing>((resolve, reject) => {
				let firstByteMs: number | null = null;
				let runId = '';
				const started = performance.now();
				const listener = (event: RoomRunEvent) => {
					if (event.type === 'output' && event.runId === runId && event.output.phase === 'run') {
						firstByteMs ??= performance.now() - started;
					}
					if (event.type === 'finished' && event.run.id === runId) {
						runs.services.events.emitter.off(room.roomId, listener);
						if (event.run.status !== 'succeeded' || firstByteMs === null) {
							reject(
								new Error(
									`${language} run ${event.run.status}: ${JSON.stringify(event.run.output)}`
								)
							);
						} else {
							resolve({ firstByteMs, completionMs: performance.now() - started });
						}
					}
				};
				runs.services.events.emitter.on(room.roomId, listener);
				caller.runs
					.start({ token: room.candidateToken, language, source: helloWorld[language], stdin: '' })
					.then((started) => (runId = started.runId), reject);
			});

		const result: RunLatencyResult['languages'] = {};
		for (const language of languageIds) {
			// The pool fills in the background: one warm-up run per setup.
			const hasBare = await bareAvailable(language);
			await viaCoordinator(language);
			await dockerRun(language);
			const timings: Record<'app' | 'dockerRun' | 'bare', Timing[]> = {
				app: [],
				dockerRun: [],
				bare: []
			};
			for (let i = 0; i < samplesFor(language); i++) {
				timings.app.push(await viaCoordinator(language));
				timings.dockerRun.push(await dockerRun(language));
				if (hasBare) timings.bare.push(await bareProcess(language));
			}
			const summaries = (samples: Timing[]): SetupLatency => ({
				firstByte: summarize(samples.map((sample) => sample.firstByteMs)),
				completion: summarize(samples.map((sample) => sample.completionMs))
			});
			result[language] = {
				app: summaries(timings.app),
				dockerRun: summaries(timings.dockerRun),
				...(hasBare ? { bare: summaries(timings.bare) } : {})
			};
		}
		const python = result.python!;
		const goal = (bare: number) => 1.3 * bare + 60;
		const goalMs = {
			firstByte: goal(python.bare?.firstByte.p50 ?? NaN),
			completion: goal(python.bare?.completion.p50 ?? NaN)
		};
		return {
			languages: result,
			python: {
				goalMs,
				met: {
					firstByte: python.app.firstByte.p50 <= goalMs.firstByte,
					completion: python.app.completion.p50 <= goalMs.completion
				}
			}
		};
	} finally {
		await runs.close();
		await database.close();
	}
}
