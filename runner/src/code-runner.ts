// The runner's interfaces: what executes code, and whether it can. Types only, so that the
// coordinator may import them without loading the runner (scripts/check-boundaries.ts).
import type { Language } from '../../src/lib/protocol/languages';
import type { RunOutcome, RunOutput } from '../../src/lib/protocol/runs';

/** One program to run: the code as it was when Run was clicked, and its stdin. */
export interface RunRequest {
	language: Language;
	source: string;
	stdin: string;
}

export interface RunHandlers {
	/** Output as it is produced, already capped. */
	onOutput(output: RunOutput): void;
	/** Compilation succeeded (or there was none): the program is starting. */
	onProgramStart?(): void;
	/** Aborting it stops the run at once: the sandbox is killed and the outcome is `stopped`. */
	signal?: AbortSignal;
}

export type Availability = { available: true } | { available: false; reason: string };

/** Executes code in sandboxes. `availability` says whether it can, and if not, why. */
export interface CodeRunner {
	availability(): Promise<Availability>;
	run(request: RunRequest, handlers: RunHandlers): Promise<RunOutcome>;
	close(): Promise<void>;
}
