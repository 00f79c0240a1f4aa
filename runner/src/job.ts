import { randomBytes } from 'node:crypto';
import type { Toolchain } from './toolchains';

/**
 * One job for runner/images/launch.sh: five header lines, the source, then the program's
 * stdin. The nonce makes the launcher's end-of-compile line impossible for a compiler
 * message quoting the source to fake.
 */
export function encodeJob(job: {
	nonce: string;
	toolchain: Toolchain;
	source: string;
	stdin: string;
}): Buffer {
	const { nonce, toolchain, source, stdin } = job;
	const sourceBytes = Buffer.from(source);
	const header = [
		nonce,
		toolchain.sourceFile(source),
		String(sourceBytes.length),
		toolchain.compile?.(source) ?? '',
		toolchain.run(source)
	];
	if (header.some((line) => line.includes('\n'))) throw new Error('job header line has a newline');
	return Buffer.concat([Buffer.from(header.join('\n') + '\n'), sourceBytes, Buffer.from(stdin)]);
}

export const newNonce = () => randomBytes(12).toString('hex');

export type MarkerKind = 'compiled' | 'exited';

/**
 * Watches one output stream of the sandbox for the launcher's `<nonce> compiled <status>`
 * and `<nonce> exited <status>` lines. Text before a marker belongs to the step it ends; a
 * line that could still become a marker is held back until it can tell.
 */
export class MarkerScanner {
	private pending = '';
	private readonly pattern: RegExp;
	private readonly markerStart: string;

	constructor(nonce: string) {
		this.pattern = new RegExp(`\\n${nonce} (compiled|exited) (\\d+)\\n`);
		this.markerStart = `\n${nonce} `;
	}

	/** Feeds text; returns what is safe to show and, when one completed, the marker and what followed it. */
	push(text: string): {
		text: string;
		marker?: { kind: MarkerKind; status: number; after: string };
	} {
		this.pending += text;
		const found = this.pattern.exec(this.pending);
		if (found) {
			const before = this.pending.slice(0, found.index);
			const after = this.pending.slice(found.index + found[0].length);
			this.pending = '';
			return {
				text: before,
				marker: { kind: found[1] as MarkerKind, status: Number(found[2]), after }
			};
		}
		const start = this.pending.lastIndexOf('\n');
		const held =
			start >= 0 && this.couldBecomeMarker(this.pending.slice(start)) ? start : this.pending.length;
		const shown = this.pending.slice(0, held);
		this.pending = this.pending.slice(held);
		return { text: shown };
	}

	/** Whether `tail`, which starts at a newline, is the beginning of a marker line. */
	private couldBecomeMarker(tail: string): boolean {
		if (tail.length <= this.markerStart.length) return this.markerStart.startsWith(tail);
		if (!tail.startsWith(this.markerStart)) return false;
		const rest = tail.slice(this.markerStart.length);
		return (
			['compiled ', 'exited '].some((word) => word.startsWith(rest)) ||
			/^(compiled|exited) \d{0,3}$/.test(rest)
		);
	}

	/** What is still held back, once the stream has ended. */
	flush(): string {
		const rest = this.pending;
		this.pending = '';
		return rest;
	}
}
