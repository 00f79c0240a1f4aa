import { z } from 'zod';

/** What one run may use. Every limit lives here; `readLimits` lets the environment change them. */
export interface SandboxLimits {
	/** Wall time of the compile step, when the language has one. */
	compileTimeMs: number;
	/** Wall time of the program itself. */
	runTimeMs: number;
	memoryBytes: number;
	/** CPU cores, fractional allowed. */
	cpus: number;
	/** Processes and threads together. */
	pids: number;
	/** stdout + stderr of compile and run together; the rest is dropped. */
	outputBytes: number;
	/** The writable tmpfs at /tmp, the only writable place. */
	tmpBytes: number;
	/** Largest accepted source and stdin, each. */
	inputBytes: number;
}

const MB = 1024 * 1024;

export const defaultLimits: SandboxLimits = {
	compileTimeMs: 10_000,
	runTimeMs: 10_000,
	memoryBytes: 256 * MB,
	cpus: 1,
	pids: 64,
	outputBytes: 64 * 1024,
	tmpBytes: 64 * MB,
	inputBytes: 64 * 1024
};

const positive = z.coerce.number().positive();

const limitsEnv = z.object({
	RUN_COMPILE_TIMEOUT_MS: positive.int().optional(),
	RUN_TIMEOUT_MS: positive.int().optional(),
	RUN_MEMORY_MB: positive.optional(),
	RUN_CPUS: positive.optional(),
	RUN_PIDS: positive.int().min(8).optional(),
	RUN_OUTPUT_KB: positive.optional(),
	RUN_TMP_MB: positive.optional()
});

/** The limits with any RUN_* variables of `env` applied; a bad value throws, naming it. */
export function readLimits(env: NodeJS.ProcessEnv = process.env): SandboxLimits {
	const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value));
	const result = limitsEnv.safeParse(set);
	if (!result.success) {
		throw new Error(`Invalid run limits:\n${z.prettifyError(result.error)}`);
	}
	const parsed = result.data;
	return {
		...defaultLimits,
		compileTimeMs: parsed.RUN_COMPILE_TIMEOUT_MS ?? defaultLimits.compileTimeMs,
		runTimeMs: parsed.RUN_TIMEOUT_MS ?? defaultLimits.runTimeMs,
		memoryBytes: parsed.RUN_MEMORY_MB ? parsed.RUN_MEMORY_MB * MB : defaultLimits.memoryBytes,
		cpus: parsed.RUN_CPUS ?? defaultLimits.cpus,
		pids: parsed.RUN_PIDS ?? defaultLimits.pids,
		outputBytes: parsed.RUN_OUTPUT_KB ? parsed.RUN_OUTPUT_KB * 1024 : defaultLimits.outputBytes,
		tmpBytes: parsed.RUN_TMP_MB ? parsed.RUN_TMP_MB * MB : defaultLimits.tmpBytes
	};
}
