import { initTRPC, TRPCError } from '@trpc/server';
import type { Context } from './context';
import { formatError } from './error-formatter';

const t = initTRPC.context<Context>().create({
	// Subscriptions (run events) are server-sent events; pings keep idle ones open through proxies.
	sse: {
		ping: { enabled: true, intervalMs: 15_000 },
		client: { reconnectAfterInactivityMs: 20_000 }
	},
	errorFormatter: formatError
});

export const router = t.router;
export const publicProcedure = t.procedure;
export const createCallerFactory = t.createCallerFactory;

/** A procedure for signed-in interviewers; `ctx.user` is non-null inside. */
export const authedProcedure = t.procedure.use(({ ctx, next }) => {
	if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
	return next({ ctx: { ...ctx, user: ctx.user } });
});
