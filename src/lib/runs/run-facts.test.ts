import { describe, expect, it } from 'vitest';
import type { RunOutput, RunRecord } from '../protocol/runs';
import {
	exitCodeText,
	formatElapsed,
	inputLines,
	inputNote,
	outputAfter,
	outputText,
	runDurationMs
} from './run-facts';

const run = (changes: Partial<RunRecord>): RunRecord => ({
	id: 'a',
	roomId: 'room',
	language: 'python',
	status: 'succeeded',
	requestedBy: { participantId: 'p1', name: 'Alan', role: 'candidate' },
	source: '',
	stdin: '',
	output: [],
	stoppedBy: null,
	exitCode: 0,
	limitsHit: [],
	compileMs: null,
	runMs: 40,
	outputTruncated: false,
	message: null,
	createdAt: '2026-01-01T10:00:00.000Z',
	startedAt: '2026-01-01T10:00:00.000Z',
	finishedAt: '2026-01-01T10:00:01.000Z',
	...changes
});

describe('run facts', () => {
	it('counts lines of input, with or without a final newline', () => {
		expect(inputLines('')).toBe(0);
		expect(inputLines('a')).toBe(1);
		expect(inputLines('a\n')).toBe(1);
		expect(inputLines('a\nb\nc')).toBe(3);
		expect(inputLines('\n\n')).toBe(2);
		expect(inputNote(run({ stdin: '1\n2\n3\n' }))).toBe('ran with 3 lines of input');
		expect(inputNote(run({ stdin: 'x' }))).toBe('ran with 1 line of input');
		expect(inputNote(run({ stdin: '' }))).toBeNull();
	});

	it('gives the exit code once the run is over, and says when a killed one has none', () => {
		expect(exitCodeText(run({ exitCode: 3 }))).toBe('exit code 3');
		expect(exitCodeText(run({ status: 'stopped', exitCode: null, runMs: 900 }))).toBe(
			'no exit code'
		);
		expect(exitCodeText(run({ status: 'running', finishedAt: null, exitCode: null }))).toBeNull();
		expect(
			exitCodeText(run({ status: 'stopped', exitCode: null, runMs: null, compileMs: null }))
		).toBeNull();
	});

	it('adds compile and run time, and ticks elapsed time by tenths', () => {
		expect(runDurationMs(run({ compileMs: 400, runMs: 210 }))).toBe(610);
		expect(runDurationMs(run({ compileMs: null, runMs: null }))).toBeNull();
		expect(formatElapsed(3240)).toBe('3.2 s');
		expect(formatElapsed(-5)).toBe('0.0 s');
	});

	it('keeps the output after a point, cutting the piece it falls in', () => {
		const output: RunOutput[] = [
			{ stream: 'stdout', phase: 'run', text: 'abc' },
			{ stream: 'stderr', phase: 'run', text: 'def' }
		];
		expect(outputAfter(output, 0)).toEqual(output);
		expect(outputText(outputAfter(output, 4))).toBe('ef');
		expect(outputAfter(output, 4)[0]!.stream).toBe('stderr');
		expect(outputAfter(output, 3)).toEqual([output[1]]);
		expect(outputAfter(output, 6)).toEqual([]);
	});
});
