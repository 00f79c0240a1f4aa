import { z } from 'zod';
import { logLevelSetting, parseSettings } from '../../server-common/env';

/** How a runner works, wherever it runs (README, "Configuration"; limits in `limits.ts`). */
const runnerEnv = z.object({
	RUNNER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
	RUNNER_POOL_SIZE: z.coerce.number().int().min(0).max(32).default(2)
});

/** `npm run runner` also needs the coordinators' database. */
const standaloneRunnerEnv = runnerEnv.extend({
	DATABASE_URL: z.url({
		error: (issue) =>
			issue.input === undefined
				? 'DATABASE_URL is required: a runner claims runs from the coordinators’ PostgreSQL'
				: undefined
	}),
	LOG_LEVEL: logLevelSetting
});

export type RunnerEnv = z.infer<typeof runnerEnv>;

/** The runner's settings; a bad value throws, naming it. */
export function parseRunnerEnv(source: NodeJS.ProcessEnv = process.env): RunnerEnv {
	return parseSettings(runnerEnv, source);
}

/** The stand-alone runner's settings; a bad or missing value throws, naming it. */
export function parseStandaloneRunnerEnv(source: NodeJS.ProcessEnv = process.env) {
	return parseSettings(standaloneRunnerEnv, source);
}
