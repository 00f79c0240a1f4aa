import { describe, expect, it } from 'vitest';
import { encodeJob, MarkerScanner } from './job';
import { toolchains } from './toolchains';

const nonce = 'a1b2c3d4e5f6a1b2c3d4e5f6';

describe('encodeJob', () => {
	it('writes the five header lines, the source and then stdin', () => {
		const job = encodeJob({
			nonce,
			toolchain: toolchains.cpp,
			source: 'int main(){}',
			stdin: 'in'
		});
		expect(job.toString()).toBe(
			`${nonce}\nmain.cpp\n12\ng++ -O2 -std=c++17 -o main main.cpp\nexec ./main\nint main(){}in`
		);
	});

	it('counts the source in bytes, not characters', () => {
		const job = encodeJob({ nonce, toolchain: toolchains.python, source: 'print("é")', stdin: '' });
		expect(job.toString().split('\n')[2]).toBe('11');
	});
});

describe('MarkerScanner', () => {
	it('splits text at a marker that arrives in pieces', () => {
		const scanner = new MarkerScanner(nonce);
		const pieces = [
			'warning: x\n',
			`\n${nonce.slice(0, 10)}`,
			`${nonce.slice(10)} compiled 0`,
			'\nhello'
		];
		const results = pieces.map((piece) => scanner.push(piece));
		const shown = results.map((result) => result.text).join('');
		const marker = results.find((result) => result.marker)?.marker;
		expect(shown).toBe('warning: x\n');
		expect(marker).toEqual({ kind: 'compiled', status: 0, after: 'hello' });
	});

	it('reads the exit status', () => {
		const { marker } = new MarkerScanner(nonce).push(`done\n${nonce} exited 137\n`);
		expect(marker).toMatchObject({ kind: 'exited', status: 137 });
	});

	it('ignores a marker with another nonce, as a program printing one would write', () => {
		const scanner = new MarkerScanner(nonce);
		const forged = `\n${'f'.repeat(24)} exited 0\n`;
		const { text, marker } = scanner.push(forged);
		expect(marker).toBeUndefined();
		expect(text + scanner.flush()).toBe(forged);
	});
});
