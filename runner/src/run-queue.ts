// The runner's side of the runs queue: what its worker needs from wherever runs are queued,
// and what a process hosting a runner sees of it. Types only, like code-runner.ts.
import type { RoomRunEvent, RunOutcome, RunOutput } from '../../src/lib/protocol/runs';
import type { Availability, RunRequest } from './code-runner';

/** A queued run a runner took: what to execute, and the room that hears of it. */
export interface ClaimedRun extends RunRequest {
	id: string;
	roomId: string;
	startedAt: Date;
}

/** What a run's room hears while it runs; how it ended comes from `RunQueue.finish`. */
export type RunProgress = Extract<RoomRunEvent, { type: 'started' | 'output' }>;

/** What the queue worker needs of the runs queue. */
export interface RunQueue {
	/**
	 * Takes the oldest queued run and marks it running under `runnerId`; null when none waits.
	 * Concurrent claimers, in this process or on other hosts, never take the same run.
	 */
	claimNext(runnerId: string): Promise<ClaimedRun | null>;
	/** Tells the run's room; one run's events arrive in the order they are published. */
	publish(roomId: string, event: RunProgress): void;
	/**
	 * Stores how the run ended, with its (already capped) output, then tells its room; a run
	 * the reaper closed meanwhile keeps its record.
	 */
	finish(run: ClaimedRun, outcome: RunOutcome, output: RunOutput[]): Promise<void>;
	/** Which of the runs `runIds` someone asked to stop. */
	stopsRequested(runIds: string[]): Promise<string[]>;
	/**
	 * Closes the runs whose runner died, so that their rooms can run again, and tells those
	 * rooms: those running since before `startedBefore` (as sandbox errors), and those asked
	 * to stop before `stopRequestedBefore` (as stopped).
	 */
	reapStale(cutoffs: { startedBefore: Date; stopRequestedBefore: Date }): Promise<void>;
}

/** What a stand-alone runner needs besides: word of new runs, and a place to say it is alive. */
export interface SharedRunQueue extends RunQueue {
	/** Calls `onQueued` whenever a coordinator queues a run; resolves to the function that stops. */
	onQueued(onQueued: () => void): Promise<() => Promise<void>>;
	/** Calls `onStop` with a run's id whenever someone asks to stop it; resolves to the function that stops. */
	onStopRequested(onStop: (runId: string) => void): Promise<() => Promise<void>>;
	/** Records that runner `id` is alive, and whether it can execute (coordinators read it). */
	reportRunner(id: string, availability: Availability): Promise<void>;
	/** Runner `id` signs off. */
	removeRunner(id: string): Promise<void>;
}

/** A runner working inside the coordinator's process (RUNNER_MODE=local), as the host sees it. */
export interface LocalRunner {
	availability(): Promise<Availability>;
	/** A run was just queued: claim it now rather than at the next poll. */
	wake(): void;
	/** Someone asked to stop run `runId`: if this runner holds it, its sandbox is killed now. */
	stop(runId: string): void;
	/** Stops claiming, finishes the runs in progress, and releases the sandboxes. */
	close(): Promise<void>;
}

/** Starts a local runner claiming from `queue`; the process entry chooses the implementation. */
export type StartLocalRunner = (queue: RunQueue) => LocalRunner;
