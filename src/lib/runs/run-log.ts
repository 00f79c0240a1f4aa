import type { LimitKind, RoomRunEvent, RunRecord, RunStatus } from '../protocol/runs';
import { formatSeconds, runDurationMs } from './run-facts';

/**
 * The room's runs, newest first, with `event` applied. Events and the history query can
 * arrive in either order, so every step tolerates what it finds.
 */
export function applyRunEvent(runs: RunRecord[], event: RoomRunEvent): RunRecord[] {
	switch (event.type) {
		case 'queued':
		case 'finished':
			return upsertRun(runs, event.run);
		case 'started':
			return updateRun(runs, event.runId, (run) =>
				run.status === 'queued' ? { ...run, status: 'running', startedAt: event.startedAt } : run
			);
		case 'output':
			return updateRun(runs, event.runId, (run) =>
				run.finishedAt ? run : { ...run, output: [...run.output, event.output] }
			);
	}
}

/** Adds or replaces a run; a finished record always wins over an unfinished one. */
export function upsertRun(runs: RunRecord[], incoming: RunRecord): RunRecord[] {
	const existing = runs.find((run) => run.id === incoming.id);
	if (!existing) {
		return [...runs, incoming].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
	}
	if (existing.finishedAt && !incoming.finishedAt) return runs;
	// An unfinished record from the history lacks output the live events already brought.
	const merged =
		incoming.finishedAt || incoming.output.length >= existing.output.length
			? incoming
			: { ...incoming, output: existing.output };
	return runs.map((run) => (run.id === incoming.id ? merged : run));
}

function updateRun(runs: RunRecord[], id: string, change: (run: RunRecord) => RunRecord) {
	return runs.map((run) => (run.id === id ? change(run) : run));
}

export function mergeHistory(runs: RunRecord[], history: RunRecord[]): RunRecord[] {
	return history.reduce(upsertRun, runs);
}

const limitLabels: Record<LimitKind, string> = {
	'compile-time': 'compile time limit exceeded',
	'run-time': 'time limit exceeded',
	memory: 'memory limit exceeded',
	output: 'output limit exceeded',
	processes: 'process limit reached'
};

export const limitLabel = (limit: LimitKind) => limitLabels[limit];

const statusLabels: Record<RunStatus, string> = {
	queued: 'Waiting for a runner…',
	running: 'Running…',
	succeeded: 'Finished',
	failed: 'Failed',
	'compile-error': 'Compilation failed',
	'limit-exceeded': 'Limit exceeded',
	'sandbox-error': 'Could not run',
	stopped: 'Stopped'
};

export const statusLabel = (status: RunStatus) => statusLabels[status];

/** Who stopped a stopped run: "stopped by Ada"; null for any other run. */
export const stoppedByText = (run: RunRecord) =>
	run.status === 'stopped' && run.stoppedBy ? `stopped by ${run.stoppedBy}` : null;

/** One line saying how a run went: "Failed · exit 1 · 0.21 s", "Stopped · stopped by Ada". */
export function describeRun(run: RunRecord): string {
	const parts = [statusLabels[run.status]];
	if (run.limitsHit.length) parts.push(...run.limitsHit.map(limitLabel));
	if (run.exitCode !== null && run.status !== 'succeeded') parts.push(`exit ${run.exitCode}`);
	const stoppedBy = stoppedByText(run);
	if (stoppedBy) parts.push(stoppedBy);
	const duration = runDurationMs(run);
	if (duration !== null) parts.push(formatSeconds(duration));
	if (run.message) parts.push(run.message);
	return parts.join(' · ');
}

export const isActive = (run: RunRecord) => run.status === 'queued' || run.status === 'running';
