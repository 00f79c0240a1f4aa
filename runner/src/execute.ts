import { Writable } from 'node:stream';
import type Docker from 'dockerode';
import type { LimitKind, OutputStream, RunOutcome, RunPhase } from '../../src/lib/protocol/runs';
import type { RunHandlers } from './code-runner';
import { encodeJob, MarkerScanner, newNonce } from './job';
import { limitsNamedInOutput } from './limit-messages';
import type { SandboxLimits } from './limits';
import type { Sandbox } from './sandbox';
import type { Toolchain } from './toolchains';

export interface ExecuteOptions extends RunHandlers {
	sandbox: Sandbox;
	toolchain: Toolchain;
	source: string;
	stdin: string;
	limits: SandboxLimits;
}

/** How long output may trail the container's exit before it is given up. */
const drainMs = 2_000;
/** How much of the program's stderr is kept to recognise the limit it died of. */
const stderrTailChars = 4096;
/** Status of a process killed by SIGKILL: the kernel's OOM killer, or the runner. */
const sigkillStatus = 137;

/** Where one output stream is: in the compiler's output, the program's, or past its end. */
type StreamStage = RunPhase | 'done';

/**
 * Runs one job in a started sandbox; the caller destroys the sandbox. Compile and run have
 * their own deadlines; at a deadline, or when the output passes its cap, the container is
 * killed and the limit is named in the outcome. Aborting `signal` kills it too, and the
 * outcome is `stopped`.
 */
export async function execute(options: ExecuteOptions): Promise<RunOutcome> {
	const { sandbox, toolchain, limits } = options;
	const { container, stream } = sandbox;
	const nonce = newNonce();
	const limitsHit = new Set<LimitKind>();
	const startedAt = performance.now();
	let programStartedAt: number | null = null;
	let programExitedAt: number | null = null;
	let compileStatus: number | null = null;
	let exitStatus: number | null = null;
	let outputBytes = 0;
	let outputTruncated = false;
	let stderrTail = '';
	let killed = false;
	let stopped = false;

	const streams: Record<
		OutputStream,
		{ stage: StreamStage; decoder: TextDecoder; scanner: MarkerScanner }
	> = {
		stdout: { stage: 'compile', decoder: new TextDecoder(), scanner: new MarkerScanner(nonce) },
		stderr: { stage: 'compile', decoder: new TextDecoder(), scanner: new MarkerScanner(nonce) }
	};
	let bothDone: () => void;
	const streamsDone = new Promise<void>((resolve) => (bothDone = resolve));

	const emit = (name: OutputStream, phase: RunPhase, text: string) => {
		if (!text) return;
		if (name === 'stderr' && phase === 'run')
			stderrTail = (stderrTail + text).slice(-stderrTailChars);
		options.onOutput({ stream: name, phase, text });
	};

	let deadline: NodeJS.Timeout | undefined;
	const kill = () => {
		killed = true;
		clearTimeout(deadline);
		container.kill().catch(() => {});
	};
	const stop = () => {
		stopped = true;
		kill();
	};
	const armDeadline = (phase: RunPhase) => {
		clearTimeout(deadline);
		deadline = setTimeout(
			// eslint-disable-next-line @typescript-eslint/no-misused-promises -- the kill below catches its own failures
			async () => {
				limitsHit.add(phase === 'compile' ? 'compile-time' : 'run-time');
				if (await processesAtLimit(container, limits)) limitsHit.add('processes');
				kill();
			},
			phase === 'compile' ? limits.compileTimeMs : limits.runTimeMs
		);
	};

	const onMarker = (kind: 'compiled' | 'exited', status: number) => {
		if (kind === 'compiled' && compileStatus === null) {
			compileStatus = status;
			if (status !== 0) return;
			programStartedAt = performance.now();
			armDeadline('run');
			options.onProgramStart?.();
		} else if (kind === 'exited' && exitStatus === null) {
			exitStatus = status;
			programExitedAt = performance.now();
			clearTimeout(deadline);
		}
	};

	const route = (name: OutputStream, text: string) => {
		const state = streams[name];
		while (state.stage !== 'done') {
			const { text: shown, marker } = state.scanner.push(text);
			emit(name, state.stage, shown);
			if (!marker) return;
			onMarker(marker.kind, marker.status);
			state.stage = marker.kind === 'compiled' && marker.status === 0 ? 'run' : 'done';
			text = marker.after;
		}
		if (streams.stdout.stage === 'done' && streams.stderr.stage === 'done') bothDone();
	};

	const receive = (name: OutputStream) => (chunk: Buffer) => {
		if (outputTruncated || streams[name].stage === 'done') return;
		let bytes = chunk;
		if (outputBytes + bytes.length > limits.outputBytes) {
			bytes = bytes.subarray(0, limits.outputBytes - outputBytes);
			outputTruncated = true;
		}
		outputBytes += bytes.length;
		route(name, streams[name].decoder.decode(bytes, { stream: !outputTruncated }));
		if (outputTruncated) {
			limitsHit.add('output');
			kill();
		}
	};

	const drained = new Promise<void>((resolve) => {
		for (const event of ['end', 'close', 'error']) stream.on(event, () => resolve());
	});
	const containerExit = container.wait() as Promise<{ StatusCode: number }>;
	container.modem.demuxStream(stream, writable(receive('stdout')), writable(receive('stderr')));

	try {
		if (options.signal?.aborted) stop();
		options.signal?.addEventListener('abort', stop, { once: true });
		armDeadline('compile');
		stream.write(encodeJob({ nonce, toolchain, source: options.source, stdin: options.stdin }));
		stream.end();
		// The launcher's markers end the run; a killed or broken sandbox ends by its exit.
		const exited = containerExit.then(() =>
			Promise.race([drained, new Promise((resolve) => setTimeout(resolve, drainMs))])
		);
		await Promise.race([streamsDone, exited]);
		const endedAt = programExitedAt ?? performance.now();
		for (const name of ['stdout', 'stderr'] as const) {
			const state = streams[name];
			if (state.stage !== 'done') emit(name, state.stage, state.scanner.flush());
		}
		const status = exitStatus ?? compileStatus ?? (await containerExit).StatusCode;
		if (status === sigkillStatus || exitStatus === null) {
			await containerExit;
			if ((await container.inspect()).State.OOMKilled) limitsHit.add('memory');
		}
		if (status !== 0 && !killed) {
			for (const limit of limitsNamedInOutput(stderrTail)) limitsHit.add(limit);
		}
		return outcome({
			compileStatus,
			exitStatus,
			stopped,
			limitsHit: [...limitsHit],
			compileMs: toolchain.compile ? (programStartedAt ?? endedAt) - startedAt : null,
			runMs: programStartedAt === null ? null : endedAt - programStartedAt,
			outputTruncated
		});
	} finally {
		clearTimeout(deadline);
		options.signal?.removeEventListener('abort', stop);
	}
}

function outcome(facts: {
	compileStatus: number | null;
	exitStatus: number | null;
	/** Someone pressed Stop: the sandbox was killed on request. */
	stopped: boolean;
	limitsHit: LimitKind[];
	compileMs: number | null;
	runMs: number | null;
	outputTruncated: boolean;
}): RunOutcome {
	const { compileStatus, exitStatus, stopped, limitsHit, ...timing } = facts;
	const common = { limitsHit, ...timing };
	if (compileStatus !== null && compileStatus !== 0) {
		return { status: 'compile-error', exitCode: compileStatus, ...common };
	}
	if (limitsHit.length > 0) return { status: 'limit-exceeded', exitCode: exitStatus, ...common };
	// A program that exited before the kill took hold ended by itself: that is what happened.
	if (stopped && exitStatus === null) return { status: 'stopped', exitCode: null, ...common };
	if (exitStatus === null) {
		return {
			status: 'sandbox-error',
			exitCode: null,
			message: 'the sandbox stopped before the program finished',
			...common
		};
	}
	return { status: exitStatus === 0 ? 'succeeded' : 'failed', exitCode: exitStatus, ...common };
}

/** True when the container's process count is at its cap: a fork bomb, typically. */
async function processesAtLimit(container: Docker.Container, limits: SandboxLimits) {
	const probe = container
		.stats({ stream: false, 'one-shot': true })
		.then((stats) => (stats.pids_stats?.current ?? 0) >= limits.pids * 0.9)
		.catch(() => false);
	const giveUp = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 500));
	return Promise.race([probe, giveUp]);
}

function writable(onChunk: (chunk: Buffer) => void) {
	return new Writable({
		write(chunk: Buffer, _encoding, done) {
			onChunk(chunk);
			done();
		}
	});
}
