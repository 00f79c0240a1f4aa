import { TRPCError } from '@trpc/server';
import type { AttemptThrottle } from '../auth/attempt-throttle';

/**
 * Counts an attempt before it is checked; TOO_MANY_REQUESTS if `throttle` holds any of its
 * keys back, naming what was tried too often (`attempts`, e.g. "login attempts") and when to
 * try again. Call it before the password is even looked at.
 */
export async function countAttempt<Name extends string>(
	throttle: AttemptThrottle<Name>,
	keys: Record<Name, string>,
	attempts: string
) {
	const verdict = await throttle.consume(keys);
	if (verdict.allowed) return;
	const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
	throw new TRPCError({
		code: 'TOO_MANY_REQUESTS',
		message: `Too many ${attempts}; try again in ${seconds} s`
	});
}
