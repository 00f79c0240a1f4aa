import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { Context } from './context';

/** "title: Title must not be empty; language: Invalid option" — for people, not parsers. */
function readableZodMessage(error: ZodError): string {
	return error.issues
		.map((issue) =>
			issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message
		)
		.join('; ');
}

/** @see https://trpc.io/docs/server/error-formatting */
const t = initTRPC.context<Context>().create({
	// Stack traces in error responses only under `npm run dev`.
	isDev: process.env.NODE_ENV === 'development',
	// Subscriptions (run events) are server-sent events; pings keep idle ones open through proxies.
	sse: {
		ping: { enabled: true, intervalMs: 15_000 },
		client: { reconnectAfterInactivityMs: 20_000 }
	},
	errorFormatter({ shape, error }) {
		const zodError = error.cause instanceof ZodError ? error.cause : null;
		return {
			...shape,
			message: zodError ? readableZodMessage(zodError) : shape.message,
			data: { ...shape.data, zodError: zodError ? zodError.flatten() : null }
		};
	}
});

export const router = t.router;
export const publicProcedure = t.procedure;
export const createCallerFactory = t.createCallerFactory;

/** A procedure for signed-in interviewers; `ctx.user` is non-null inside. */
export const authedProcedure = t.procedure.use(({ ctx, next }) => {
	if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
	return next({ ctx: { ...ctx, user: ctx.user } });
});
