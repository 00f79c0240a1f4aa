import { TRPCError } from '@trpc/server';
import type { LoginThrottle } from '../auth/login-throttle';

/**
 * TOO_MANY_REQUESTS while `throttle` holds `key` back, naming what failed too often
 * (`failures`, e.g. "failed logins") and when to try again.
 */
export function refuseWhileThrottled(throttle: LoginThrottle, key: string, failures: string) {
	const verdict = throttle.check(key);
	if (verdict.allowed) return;
	const seconds = Math.ceil(verdict.retryAfterMs / 1000);
	throw new TRPCError({
		code: 'TOO_MANY_REQUESTS',
		message: `Too many ${failures}; try again in ${seconds} s`
	});
}
