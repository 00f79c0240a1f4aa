import type { RunOutput } from '../../src/lib/protocol/runs';

/**
 * Joins output pieces that arrive within `windowMs` of each other on the same stream and
 * phase, so that a program printing a character at a time does not become as many events.
 */
export class OutputBatcher {
	private pending: RunOutput[] = [];
	private timer: NodeJS.Timeout | undefined;

	constructor(
		private readonly send: (output: RunOutput) => void,
		private readonly windowMs = 15
	) {}

	push(output: RunOutput): void {
		appendOutput(this.pending, output);
		this.timer ??= setTimeout(() => this.flush(), this.windowMs);
	}

	flush(): void {
		clearTimeout(this.timer);
		this.timer = undefined;
		const pieces = this.pending;
		this.pending = [];
		for (const piece of pieces) this.send(piece);
	}
}

/** Appends `output` to `log`, extending the last piece when stream and phase match. */
export function appendOutput(log: RunOutput[], output: RunOutput): void {
	const last = log.at(-1);
	if (last && last.stream === output.stream && last.phase === output.phase) {
		log[log.length - 1] = { ...last, text: last.text + output.text };
	} else {
		log.push({ ...output });
	}
}
