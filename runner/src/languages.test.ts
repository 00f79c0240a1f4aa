import { afterAll, describe, expect, it } from 'vitest';
import type { Language } from '../../src/lib/protocol/languages';
import { engineAvailable, runProgram, testRunner } from './test-support/engine';

// Against the real Docker engine and the images runner/images/build.sh makes.
const hasEngine = await engineAvailable();

const echoPrograms: Record<Language, string> = {
	python: 'import sys\nprint("echo:", sys.stdin.read().strip())',
	javascript: `process.stdin.on('data', (d) => console.log('echo:', String(d).trim()))`,
	typescript: `const tag: string = 'echo:';\nprocess.stdin.on('data', (d: Buffer) => console.log(tag, String(d).trim()))`,
	go: 'package main\nimport ("bufio"; "fmt"; "os")\nfunc main() { s := bufio.NewScanner(os.Stdin); s.Scan(); fmt.Println("echo:", s.Text()) }',
	java: 'import java.util.Scanner;\npublic class Echo { public static void main(String[] a) { System.out.println("echo: " + new Scanner(System.in).nextLine()); } }',
	cpp: '#include <iostream>\n#include <string>\nint main() { std::string s; std::getline(std::cin, s); std::cout << "echo: " << s << std::endl; }'
};

/** A program that does not compile, and what its compiler says about it. */
const brokenPrograms: Partial<Record<Language, [string, RegExp]>> = {
	typescript: ['const x = ;', /Unexpected ";"/],
	go: ['package main\nfunc main() { missing() }', /undefined: missing/],
	java: ['public class Main { void f() { int x = "s"; } }', /incompatible types/],
	cpp: ['int main() { return missing; }', /.missing. was not declared/]
};

describe.skipIf(!hasEngine)('running each language in its sandbox', () => {
	const runner = testRunner();
	afterAll(() => runner.close());

	for (const [language, source] of Object.entries(echoPrograms) as [Language, string][]) {
		it(`${language}: reads stdin and prints`, async () => {
			const run = await runProgram(runner, language, source, 'pairdesk\n');
			expect(run.outcome).toMatchObject({ status: 'succeeded', exitCode: 0, limitsHit: [] });
			expect(run.text('run', 'stdout')).toBe('echo: pairdesk\n');
		});
	}

	for (const [language, [source, complaint]] of Object.entries(brokenPrograms) as [
		Language,
		[string, RegExp]
	][]) {
		it(`${language}: a compile error is reported as one, apart from program output`, async () => {
			const run = await runProgram(runner, language, source);
			expect(run.outcome.status).toBe('compile-error');
			expect(run.outcome.exitCode).not.toBe(0);
			expect(run.outcome.runMs).toBeNull();
			expect(run.text('compile', 'stderr') + run.text('compile', 'stdout')).toMatch(complaint);
			expect(run.output.filter((piece) => piece.phase === 'run')).toEqual([]);
		});
	}

	it('reports a program failing with its exit status and stderr', async () => {
		const run = await runProgram(
			runner,
			'python',
			'import sys\nprint("bad", file=sys.stderr)\nsys.exit(3)'
		);
		expect(run.outcome).toMatchObject({ status: 'failed', exitCode: 3, limitsHit: [] });
		expect(run.text('run', 'stderr')).toBe('bad\n');
	});

	it('streams output while the program is still running', async () => {
		const arrivals: number[] = [];
		const started = performance.now();
		const outcome = await runner.run(
			{
				language: 'python',
				source: 'import time\nprint("first")\ntime.sleep(1)\nprint("second")',
				stdin: ''
			},
			{ onOutput: () => arrivals.push(performance.now() - started) }
		);
		expect(outcome.status).toBe('succeeded');
		expect(arrivals.length).toBeGreaterThanOrEqual(2);
		// The first line is out a whole second of sleep before the second one.
		expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThan(800);
	});
});
