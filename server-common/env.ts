import { z } from 'zod';

/** LOG_LEVEL: the lowest level a process prints (`server-common/logger.ts`). */
export const logLevelSetting = z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info');

/**
 * Parses `source` with `schema` once, at start-up; a bad value throws with every problem
 * listed. Empty values count as unset, as a copied `.env.example` leaves them.
 */
export function parseSettings<Schema extends z.ZodType>(
	schema: Schema,
	source: NodeJS.ProcessEnv = process.env
): z.infer<Schema> {
	const emptyAsUnset = Object.fromEntries(
		Object.entries(source).filter(([, value]) => value !== undefined && value !== '')
	);
	const result = schema.safeParse(emptyAsUnset);
	if (!result.success) {
		throw new Error(`Invalid environment variables:\n${z.prettifyError(result.error)}`);
	}
	return result.data;
}
