import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { InvalidTokenError, type RoomGrant } from '../auth/tokens';
import type { Context } from '../context';
import { roomsTable } from '../db/schema';

/** Input of procedures that act for an admitted participant: just the room token. */
export const roomTokenInput = z.object({ token: z.string().min(1).max(4096) });

/** The grant of a valid room token; a clear UNAUTHORIZED otherwise. */
export async function roomGrant(ctx: Context, token: string): Promise<RoomGrant> {
	try {
		return await ctx.services.tokens.verifyRoomToken(token);
	} catch (error) {
		const expired = error instanceof InvalidTokenError && error.expired;
		throw new TRPCError({
			code: 'UNAUTHORIZED',
			message: expired
				? 'Your pass for this interview has expired: reload the page to rejoin'
				: 'This is not a valid pass for an interview'
		});
	}
}

/** The room, if the signed-in user owns it; NOT_FOUND otherwise, as for a missing room. */
export async function ownedRoom(ctx: Context & { user: { id: string } }, id: string) {
	const [room] = await ctx.services.db.select().from(roomsTable).where(eq(roomsTable.id, id));
	if (!room || room.ownerId !== ctx.user.id) {
		throw new TRPCError({ code: 'NOT_FOUND', message: `No interview of yours with id '${id}'` });
	}
	return room;
}
