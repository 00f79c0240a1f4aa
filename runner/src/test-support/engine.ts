import Docker from 'dockerode';
import type { Language } from '../../../src/lib/protocol/languages';
import type { RunOutcome, RunOutput } from '../../../src/lib/protocol/runs';
import type { CodeRunner } from '../code-runner';
import { createDockerRunner } from '../docker-runner';
import { defaultLimits, type SandboxLimits } from '../limits';

/**
 * Whether the tests that need a Docker engine run. They are skipped where none answers at
 * DOCKER_HOST, unless REQUIRE_DOCKER=1 (as in CI), which turns a missing engine into a failure.
 */
export async function engineAvailable(): Promise<boolean> {
	const reachable = await new Docker().ping().then(
		() => true,
		() => false
	);
	if (!reachable && process.env.REQUIRE_DOCKER === '1') {
		throw new Error(`REQUIRE_DOCKER=1 but no Docker engine answers at ${process.env.DOCKER_HOST}`);
	}
	return reachable;
}

/** Short deadlines keep the hostile cases quick; everything else is the default. */
export const testLimits: SandboxLimits = { ...defaultLimits, runTimeMs: 3_000 };

export function testRunner(limits: SandboxLimits = testLimits): CodeRunner {
	return createDockerRunner({ limits, poolSize: 1 });
}

export interface RunRecord {
	outcome: RunOutcome;
	output: RunOutput[];
	/** All output text of one phase and stream. */
	text(phase: RunOutput['phase'], stream: RunOutput['stream']): string;
}

export async function runProgram(
	runner: CodeRunner,
	language: Language,
	source: string,
	stdin = ''
): Promise<RunRecord> {
	const output: RunOutput[] = [];
	const outcome = await runner.run(
		{ language, source, stdin },
		{ onOutput: (piece) => output.push(piece) }
	);
	return {
		outcome,
		output,
		text: (phase, stream) =>
			output
				.filter((piece) => piece.phase === phase && piece.stream === stream)
				.map((piece) => piece.text)
				.join('')
	};
}
