import { TRPCError } from '@trpc/server';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { emailSchema } from '../../../src/lib/protocol/auth';
import { roomIdSchema } from '../../../src/lib/protocol/rooms';
import { roomInterviewersTable, usersTable } from '../db/schema';
import { authedProcedure, router } from '../trpc';
import { interviewersRoom } from './room-access';

/**
 * Colleagues on an interview: the owner adds pairdesk users by email; they enter as
 * interviewers, act as one (lock, end, observer links, replay) and see it on their dashboard.
 */
export const interviewersRouter = router({
	/** The owner first, then the colleagues in the order they were added. */
	list: authedProcedure.input(z.object({ id: roomIdSchema })).query(async ({ ctx, input }) => {
		const room = await interviewersRoom(ctx, input.id);
		const [owner] = await ctx.services.db
			.select({ userId: usersTable.id, name: usersTable.name, email: usersTable.email })
			.from(usersTable)
			.where(eq(usersTable.id, room.ownerId));
		const added = await ctx.services.db
			.select({ userId: usersTable.id, name: usersTable.name, email: usersTable.email })
			.from(roomInterviewersTable)
			.innerJoin(usersTable, eq(usersTable.id, roomInterviewersTable.userId))
			.where(eq(roomInterviewersTable.roomId, room.id))
			.orderBy(asc(roomInterviewersTable.addedAt));
		return [
			{ ...owner!, owner: true },
			...added.map((colleague) => ({ ...colleague, owner: false }))
		];
	}),

	add: authedProcedure
		.input(z.object({ id: roomIdSchema, email: emailSchema }))
		.mutation(async ({ ctx, input }) => {
			const room = await interviewersRoom(ctx, input.id, { ownerOnly: true });
			const [user] = await ctx.services.db
				.select({ id: usersTable.id, name: usersTable.name })
				.from(usersTable)
				.where(eq(usersTable.email, input.email));
			if (!user) {
				throw new TRPCError({
					code: 'NOT_FOUND',
					message: `Nobody has a pairdesk account with the email ${input.email}: ask them to sign up first`
				});
			}
			if (user.id === room.ownerId) {
				throw new TRPCError({ code: 'BAD_REQUEST', message: 'You are this interview’s owner' });
			}
			await ctx.services.db
				.insert(roomInterviewersTable)
				.values({ roomId: room.id, userId: user.id })
				.onConflictDoNothing();
			return { userId: user.id, name: user.name };
		}),

	/** Takes a colleague off the interview; a pass they already hold lasts until it expires. */
	remove: authedProcedure
		.input(z.object({ id: roomIdSchema, userId: z.uuid() }))
		.mutation(async ({ ctx, input }) => {
			const room = await interviewersRoom(ctx, input.id, { ownerOnly: true });
			await ctx.services.db
				.delete(roomInterviewersTable)
				.where(
					and(
						eq(roomInterviewersTable.roomId, room.id),
						eq(roomInterviewersTable.userId, input.userId)
					)
				);
			return { removed: true };
		})
});
