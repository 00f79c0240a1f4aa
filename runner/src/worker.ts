import { hostname } from 'node:os';
import type { RunOutput } from '../../src/lib/protocol/runs';
import type { CodeRunner } from './code-runner';
import { appendOutput, OutputBatcher } from './output-batcher';
import type { ClaimedRun, RunQueue } from './run-queue';

/** Long enough that no live runner still holds a run it claimed this long ago. */
const staleRunMs = 2 * 60_000;
/** A live runner kills a run within a poll of the stop: one still running this long after has no runner. */
const unconfirmedStopMs = 15_000;

/** Names this process's runner in `runs.claimed_by` and in the runners' heartbeats. */
export const runnerId = () => `${hostname()}:${process.pid}`;

export interface RunWorkerOptions {
	queue: RunQueue;
	runner: CodeRunner;
	/** Names this worker in `runs.claimed_by`. */
	runnerId: string;
	/** Runs executed at the same time. */
	concurrency: number;
	/** How often to look for runs queued by other coordinators. */
	pollMs?: number;
	/** A run `running` for longer than this belonged to a runner that died. */
	staleAfterMs?: number;
	onError(error: unknown): void;
}

/**
 * Claims queued runs from the queue and executes them, `concurrency` at a time. The same
 * loop serves the runner inside `npm start` and the stand-alone runner processes.
 */
export function startRunWorker(options: RunWorkerOptions) {
	const { queue, runner, runnerId, concurrency, onError } = options;
	const staleAfterMs = options.staleAfterMs ?? staleRunMs;
	const active = new Set<Promise<void>>();
	/** The runs this worker holds, by id: aborting one kills its sandbox. */
	const held = new Map<string, AbortController>();
	let closed = false;
	let claiming = false;
	let claimAgain = false;

	async function execute(run: ClaimedRun, stop: AbortSignal) {
		queue.publish(run.roomId, {
			type: 'started',
			runId: run.id,
			startedAt: run.startedAt.toISOString()
		});
		const output: RunOutput[] = [];
		const batcher = new OutputBatcher((piece) =>
			queue.publish(run.roomId, { type: 'output', runId: run.id, output: piece })
		);
		const outcome = await runner.run(run, {
			onOutput(piece) {
				appendOutput(output, piece);
				batcher.push(piece);
			},
			signal: stop
		});
		batcher.flush();
		await queue.finish(run, outcome, output);
	}

	/** Claims runs while there are free slots and queued runs. */
	async function fill() {
		if (claiming) {
			claimAgain = true;
			return;
		}
		claiming = true;
		try {
			do {
				claimAgain = false;
				while (!closed && active.size < concurrency) {
					const run = await queue.claimNext(runnerId);
					if (!run) break;
					const stop = new AbortController();
					held.set(run.id, stop);
					const task = execute(run, stop.signal)
						.catch(onError)
						.finally(() => {
							held.delete(run.id);
							active.delete(task);
							void wake();
						});
					active.add(task);
				}
			} while (claimAgain && !closed);
		} finally {
			claiming = false;
		}
	}

	const wake = () => fill().catch(onError);

	const stop = (runId: string) => held.get(runId)?.abort();

	// Stops are announced as they are asked for; the poll catches one this worker missed
	// (asked of another coordinator in local mode, or a notice lost on a reconnect).
	async function stopRequestedRuns() {
		if (held.size === 0) return;
		for (const runId of await queue.stopsRequested([...held.keys()])) stop(runId);
	}

	const poll = setInterval(() => {
		void wake();
		stopRequestedRuns().catch(onError);
		const now = Date.now();
		queue
			.reapStale({
				startedBefore: new Date(now - staleAfterMs),
				stopRequestedBefore: new Date(now - unconfirmedStopMs)
			})
			.catch(onError);
	}, options.pollMs ?? 1_000);
	void wake();

	return {
		/** A run was just queued: claim it now rather than at the next poll. */
		wake: () => void wake(),
		/** Someone asked to stop run `runId`: if this worker holds it, its sandbox is killed now. */
		stop,
		/** Stops claiming and waits for the runs in progress. */
		async close() {
			closed = true;
			clearInterval(poll);
			await Promise.all(active);
		}
	};
}

export type RunWorker = ReturnType<typeof startRunWorker>;
