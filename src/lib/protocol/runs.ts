import { z } from 'zod';
import { boundedText, compactToken } from './bounded-input';
import { Language } from './languages';
import type { RoomRole } from './rooms';

/** Largest source and stdin a run accepts, each; the runner's limits say the same. */
export const maxRunInputBytes = 64 * 1024;

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;
const capped = (label: string) =>
	boundedText({ label, kind: 'code', max: maxRunInputBytes }).refine(
		(text) => utf8Bytes(text) <= maxRunInputBytes,
		{ error: `${label} must be at most ${maxRunInputBytes / 1024} KB` }
	);

export const startRunInput = z.object({
	/** The room token from joining: it names the room and who is running. */
	token: compactToken('Room token'),
	language: Language,
	source: capped('Code'),
	stdin: capped('Input').default('')
});
export type StartRunInput = z.infer<typeof startRunInput>;

export const stopRunInput = z.object({
	/** The room token from joining: it names the room and who is stopping. */
	token: compactToken('Room token'),
	runId: z.uuid({ error: 'Run id must be a UUID' })
});
export type StopRunInput = z.infer<typeof stopRunInput>;

export const runStatuses = [
	'queued',
	'running',
	'succeeded',
	'failed',
	'compile-error',
	'limit-exceeded',
	'sandbox-error',
	/** Someone in the room pressed Stop: the program was killed, or never started. */
	'stopped'
] as const;
export type RunStatus = (typeof runStatuses)[number];

/** Limits a run can hit; each is reported by name, never as a generic failure. */
export const limitKinds = ['compile-time', 'run-time', 'memory', 'output', 'processes'] as const;
export type LimitKind = (typeof limitKinds)[number];

export type OutputStream = 'stdout' | 'stderr';
export type RunPhase = 'compile' | 'run';

/** A piece of output as the sandbox produced it. */
export interface RunOutput {
	stream: OutputStream;
	phase: RunPhase;
	text: string;
}

/** How a finished run ended. */
export interface RunOutcome {
	status: Exclude<RunStatus, 'queued' | 'running'>;
	/** The compiler's status for a compile error, else the program's; null when killed before. */
	exitCode: number | null;
	limitsHit: LimitKind[];
	/** Compile wall time, for languages that compile. */
	compileMs: number | null;
	/** Program wall time; null when it never started. */
	runMs: number | null;
	/** Output past the cap was dropped. */
	outputTruncated: boolean;
	/** For a sandbox error: what went wrong, for people. */
	message?: string;
}

/** A run as everyone in the room sees it, in the history and while it runs. */
export interface RunRecord {
	id: string;
	roomId: string;
	language: Language;
	status: RunStatus;
	requestedBy: { participantId: string; name: string; role: RoomRole };
	/** The code as it was when Run was clicked. */
	source: string;
	stdin: string;
	output: RunOutput[];
	/** Who pressed Stop, for a run that was stopped (or is being stopped); else null. */
	stoppedBy: string | null;
	exitCode: number | null;
	limitsHit: LimitKind[];
	compileMs: number | null;
	runMs: number | null;
	outputTruncated: boolean;
	message: string | null;
	createdAt: string;
	startedAt: string | null;
	finishedAt: string | null;
}

/** What the room hears about its runs, in order. */
export type RoomRunEvent =
	| { type: 'queued'; run: RunRecord }
	| { type: 'started'; runId: string; startedAt: string }
	| { type: 'output'; runId: string; output: RunOutput }
	| { type: 'finished'; run: RunRecord };
