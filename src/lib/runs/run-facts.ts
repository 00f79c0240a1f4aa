import type { RunOutput, RunRecord } from '../protocol/runs';

/** Seconds for people: "0.21 s", "3.20 s", "12.5 s". */
export function formatSeconds(ms: number): string {
	const seconds = ms / 1000;
	return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
}

/** Time passed while a run waits or runs, ticking by tenths: "3.2 s". */
export const formatElapsed = (ms: number) => `${(Math.max(0, ms) / 1000).toFixed(1)} s`;

/** How long the finished run took, compile and program together; null when nothing ran. */
export function runDurationMs(run: RunRecord): number | null {
	if (!run.finishedAt || (run.compileMs === null && run.runMs === null)) return null;
	return (run.compileMs ?? 0) + (run.runMs ?? 0);
}

/** The exit code as the status line says it, once the run is over; null before. */
export function exitCodeText(run: RunRecord): string | null {
	if (!run.finishedAt) return null;
	if (run.exitCode !== null) return `exit code ${run.exitCode}`;
	// Killed (a limit, Stop) or never started: no process status to give.
	return run.runMs === null && run.compileMs === null ? null : 'no exit code';
}

/** Lines of input a program was given, counting a last line without its newline. */
export function inputLines(stdin: string): number {
	if (stdin === '') return 0;
	return stdin.split('\n').length - (stdin.endsWith('\n') ? 1 : 0);
}

/** "ran with 3 lines of input" for a run that had stdin; null for one that had none. */
export function inputNote(run: Pick<RunRecord, 'stdin'>): string | null {
	const lines = inputLines(run.stdin);
	if (lines === 0) return null;
	return `ran with ${lines} line${lines === 1 ? '' : 's'} of input`;
}

/** All of a run's output as one text, compiler output first, as it was shown. */
export const outputText = (output: RunOutput[]) => output.map((piece) => piece.text).join('');

/**
 * The output from character `from` on (of `outputText`): what is left to show after the
 * view was cleared at that point.
 */
export function outputAfter(output: RunOutput[], from: number): RunOutput[] {
	const kept: RunOutput[] = [];
	let at = 0;
	for (const piece of output) {
		const end = at + piece.text.length;
		if (end > from) kept.push(at >= from ? piece : { ...piece, text: piece.text.slice(from - at) });
		at = end;
	}
	return kept;
}
