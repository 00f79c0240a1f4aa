import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../protocol/runs';
import { applyRunEvent, describeRun, mergeHistory } from './run-log';

const queued = (id: string, createdAt: string): RunRecord => ({
	id,
	roomId: 'room',
	language: 'python',
	status: 'queued',
	requestedBy: { participantId: 'p1', name: 'Alan', role: 'candidate' },
	source: 'print(1)',
	stdin: '',
	output: [],
	stoppedBy: null,
	exitCode: null,
	limitsHit: [],
	compileMs: null,
	runMs: null,
	outputTruncated: false,
	message: null,
	createdAt,
	startedAt: null,
	finishedAt: null
});

const finished = (run: RunRecord, changes: Partial<RunRecord> = {}): RunRecord => ({
	...run,
	status: 'succeeded',
	exitCode: 0,
	runMs: 40,
	startedAt: run.createdAt,
	finishedAt: run.createdAt,
	...changes
});

describe('applyRunEvent', () => {
	it('follows a run from queued to finished, newest run first', () => {
		const older = queued('a', '2026-01-01T10:00:00.000Z');
		const newer = queued('b', '2026-01-01T10:01:00.000Z');
		let runs = applyRunEvent([], { type: 'queued', run: older });
		runs = applyRunEvent(runs, { type: 'queued', run: newer });
		runs = applyRunEvent(runs, {
			type: 'started',
			runId: 'b',
			startedAt: '2026-01-01T10:01:01.000Z'
		});
		runs = applyRunEvent(runs, {
			type: 'output',
			runId: 'b',
			output: { stream: 'stdout', phase: 'run', text: 'hi\n' }
		});
		expect(runs.map((run) => [run.id, run.status])).toEqual([
			['b', 'running'],
			['a', 'queued']
		]);
		expect(runs[0]!.output).toEqual([{ stream: 'stdout', phase: 'run', text: 'hi\n' }]);
	});

	it('keeps the finished record when an older history snapshot arrives late', () => {
		const run = queued('a', '2026-01-01T10:00:00.000Z');
		const done = finished(run, { output: [{ stream: 'stdout', phase: 'run', text: 'x' }] });
		const runs = mergeHistory(applyRunEvent([], { type: 'finished', run: done }), [run]);
		expect(runs).toEqual([done]);
	});

	it('keeps live output that a history snapshot of a running run lacks', () => {
		const run = queued('a', '2026-01-01T10:00:00.000Z');
		const live = applyRunEvent([run], {
			type: 'output',
			runId: 'a',
			output: { stream: 'stderr', phase: 'run', text: 'warn' }
		});
		const runs = mergeHistory(live, [{ ...run, status: 'running' }]);
		expect(runs[0]).toMatchObject({ status: 'running', output: [{ text: 'warn' }] });
	});
});

describe('describeRun', () => {
	const run = queued('a', '2026-01-01T10:00:00.000Z');

	it('names the limit a run hit', () => {
		const stopped = finished(run, {
			status: 'limit-exceeded',
			limitsHit: ['run-time'],
			exitCode: null,
			runMs: 10_000
		});
		expect(describeRun(stopped)).toBe('Limit exceeded · time limit exceeded · 10.0 s');
	});

	it('gives the exit status of a failed run', () => {
		expect(describeRun(finished(run, { status: 'failed', exitCode: 3, runMs: 210 }))).toBe(
			'Failed · exit 3 · 0.21 s'
		);
	});

	it('says who stopped a stopped run', () => {
		const stopped = finished(run, {
			status: 'stopped',
			exitCode: null,
			runMs: 1200,
			stoppedBy: 'Ada'
		});
		expect(describeRun(stopped)).toBe('Stopped · stopped by Ada · 1.20 s');
	});

	it('passes on why a run could not start', () => {
		const refused = finished(run, {
			status: 'sandbox-error',
			exitCode: null,
			runMs: null,
			message: 'No engine'
		});
		expect(describeRun(refused)).toBe('Could not run · No engine');
	});
});
