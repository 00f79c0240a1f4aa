import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { credentialsInput, signUpInput } from '../../../src/lib/protocol/auth';
import { hashPassword, verifyPassword } from '../auth/password';
import { openSession, revokeSession } from '../auth/sessions';
import { loginKeys } from '../auth/throttles';
import { sessionTtlSeconds, type SessionUser } from '../auth/tokens';
import type { Context } from '../context';
import { usersTable } from '../db/schema';
import { publicProcedure, router } from '../trpc';
import { countAttempt } from './throttle-guard';

// Verified against when the email is unknown, so a wrong email costs as much as a wrong password.
const unknownUserHash = hashPassword('pairdesk-unknown-user');

async function startSession(ctx: Context, user: SessionUser): Promise<SessionUser> {
	const sessionId = await openSession(ctx.services.db, user.id, ctx.services.clock());
	ctx.sessionCookie.set(await ctx.services.tokens.signSession(user, sessionId), sessionTtlSeconds);
	return user;
}

export const authRouter = router({
	signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
		const passwordHash = await hashPassword(input.password);
		const [user] = await ctx.services.db
			.insert(usersTable)
			.values({ email: input.email, name: input.name, passwordHash })
			.onConflictDoNothing({ target: usersTable.email })
			.returning({ id: usersTable.id, email: usersTable.email, name: usersTable.name });
		if (!user) {
			throw new TRPCError({
				code: 'CONFLICT',
				message: `An account with email '${input.email}' already exists`
			});
		}
		return startSession(ctx, user);
	}),

	logIn: publicProcedure.input(credentialsInput).mutation(async ({ ctx, input }) => {
		// Counted before the password is looked at: a batch or a burst of guesses gets no further.
		const keys = loginKeys(ctx.clientIp, input.email);
		await countAttempt(ctx.services.throttles.login, keys, 'login attempts');
		const [user] = await ctx.services.db
			.select({
				id: usersTable.id,
				email: usersTable.email,
				name: usersTable.name,
				passwordHash: usersTable.passwordHash
			})
			.from(usersTable)
			.where(eq(usersTable.email, input.email));
		const matches = await verifyPassword(
			user?.passwordHash ?? (await unknownUserHash),
			input.password
		);
		if (!user || !matches) {
			throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Wrong email or password' });
		}
		await ctx.services.throttles.login.succeeded(keys);
		return startSession(ctx, { id: user.id, email: user.email, name: user.name });
	}),

	/** Revokes the session: its cookie, wherever a copy of it is, signs nobody in any more. */
	logOut: publicProcedure.mutation(async ({ ctx }) => {
		if (ctx.sessionId) {
			await revokeSession(ctx.services.db, ctx.sessionId, ctx.services.clock());
		}
		ctx.sessionCookie.clear();
		return { ok: true };
	}),

	me: publicProcedure.query(({ ctx }) => ctx.user)
});
