import { hostname } from 'node:os';
import type { RunOutput } from '../../src/lib/protocol/runs';
import type { CodeRunner } from './code-runner';
import { appendOutput, OutputBatcher } from './output-batcher';
import type { ClaimedRun, RunQueue } from './run-queue';

/** Long enough that no live runner still holds a run it claimed this long ago. */
const staleRunMs = 2 * 60_000;

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
	let closed = false;
	let claiming = false;
	let claimAgain = false;

	async function execute(run: ClaimedRun) {
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
			}
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
					const task = execute(run)
						.catch(onError)
						.finally(() => {
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

	const poll = setInterval(() => {
		void wake();
		queue.reapStale(new Date(Date.now() - staleAfterMs)).catch(onError);
	}, options.pollMs ?? 1_000);
	void wake();

	return {
		/** A run was just queued: claim it now rather than at the next poll. */
		wake: () => void wake(),
		/** Stops claiming and waits for the runs in progress. */
		async close() {
			closed = true;
			clearInterval(poll);
			await Promise.all(active);
		}
	};
}

export type RunWorker = ReturnType<typeof startRunWorker>;
