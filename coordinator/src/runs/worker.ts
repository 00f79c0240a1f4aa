import type { RunOutput } from '../../../src/lib/protocol/runs';
import type { CodeRunner } from '../../../runner/src/docker-runner';
import type { Database } from '../db/client';
import type { RunEvents } from './events';
import { appendOutput, OutputBatcher } from './output-batcher';
import { claimNextRun, type ClaimedRun, findRun, finishRun, reapStaleRuns } from './queue';

export interface RunWorkerOptions {
	db: Database;
	runner: CodeRunner;
	/** Where the room hears about the runs this worker executes. */
	publish: RunEvents['publish'];
	/** Names this worker in `runs.claimed_by`. */
	runnerId: string;
	/** Runs executed at the same time. */
	concurrency: number;
	/** How often to look for runs queued by other coordinators. */
	pollMs?: number;
	/** A run `running` for longer than this belonged to a runner that died. */
	staleAfterMs: number;
	onError(error: unknown): void;
}

/**
 * Claims queued runs from the database and executes them, `concurrency` at a time. The same
 * loop serves the runner inside `npm start` and the stand-alone runner processes.
 */
export function startRunWorker(options: RunWorkerOptions) {
	const { db, runner, publish, runnerId, concurrency, onError } = options;
	const active = new Set<Promise<void>>();
	let closed = false;
	let claiming = false;
	let claimAgain = false;

	async function execute(run: ClaimedRun) {
		publish(run.roomId, { type: 'started', runId: run.id, startedAt: run.startedAt.toISOString() });
		const output: RunOutput[] = [];
		const batcher = new OutputBatcher((piece) =>
			publish(run.roomId, { type: 'output', runId: run.id, output: piece })
		);
		const outcome = await runner.run(run, {
			onOutput(piece) {
				appendOutput(output, piece);
				batcher.push(piece);
			}
		});
		batcher.flush();
		await finishRun(db, run.id, outcome, output);
		const record = await findRun(db, run.id);
		if (record) publish(run.roomId, { type: 'finished', run: record });
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
					const run = await claimNextRun(db, runnerId);
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

	async function reap() {
		for (const id of await reapStaleRuns(db, new Date(Date.now() - options.staleAfterMs))) {
			const record = await findRun(db, id);
			if (record) publish(record.roomId, { type: 'finished', run: record });
		}
	}

	const poll = setInterval(() => {
		void wake();
		reap().catch(onError);
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
