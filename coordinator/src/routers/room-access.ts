import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { InvalidTokenError, type VerifiedRoomGrant } from '../auth/tokens';
import type { Context } from '../context';
import type { Database } from '../db/client';
import { observerLinksTable, roomInterviewersTable, roomsTable } from '../db/schema';

/** Input of procedures that act for an admitted participant: just the room token. */
export const roomTokenInput = z.object({ token: z.string().min(1).max(4096) });

/**
 * The grant of a valid room token; a clear UNAUTHORIZED otherwise, FORBIDDEN for an observer
 * whose link was revoked.
 */
export async function roomGrant(ctx: Context, token: string): Promise<VerifiedRoomGrant> {
	const grant = await verifiedGrant(ctx, token);
	if (grant.observerLink && (await isObserverLinkRevoked(ctx.services.db, grant.observerLink))) {
		throw new TRPCError({
			code: 'FORBIDDEN',
			message: 'The interviewer revoked the observer link you came in by'
		});
	}
	return grant;
}

/** Whether the observer link was revoked (or never existed). */
export async function isObserverLinkRevoked(db: Database, linkId: string): Promise<boolean> {
	const [link] = await db
		.select({ revokedAt: observerLinksTable.revokedAt })
		.from(observerLinksTable)
		.where(eq(observerLinksTable.id, linkId));
	return !link || link.revokedAt !== null;
}

async function verifiedGrant(ctx: Context, token: string): Promise<VerifiedRoomGrant> {
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

/** Whether `userId` may act as an interviewer in the room: its owner, or added by them. */
export async function isInterviewerOf(
	db: Database,
	room: { id: string; ownerId: string },
	userId: string | undefined
): Promise<boolean> {
	if (!userId) return false;
	if (room.ownerId === userId) return true;
	const [added] = await db
		.select({ userId: roomInterviewersTable.userId })
		.from(roomInterviewersTable)
		.where(
			and(eq(roomInterviewersTable.roomId, room.id), eq(roomInterviewersTable.userId, userId))
		);
	return added !== undefined;
}

/**
 * The room, if the signed-in user is one of its interviewers (`ownerOnly`: its owner);
 * NOT_FOUND otherwise, as for a missing room.
 */
export async function interviewersRoom(
	ctx: Context & { user: { id: string } },
	id: string,
	{ ownerOnly = false } = {}
) {
	const [room] = await ctx.services.db.select().from(roomsTable).where(eq(roomsTable.id, id));
	const allowed =
		room &&
		(ownerOnly
			? room.ownerId === ctx.user.id
			: await isInterviewerOf(ctx.services.db, room, ctx.user.id));
	if (!allowed) {
		throw new TRPCError({ code: 'NOT_FOUND', message: `No interview of yours with id '${id}'` });
	}
	return room;
}
