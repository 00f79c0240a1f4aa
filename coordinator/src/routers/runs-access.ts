import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import type { VerifiedRoomGrant } from '../auth/tokens';
import type { Context } from '../context';
import { roomsTable } from '../db/schema';
import { roomGrant } from './room-access';

/**
 * The grant of a room token that may run code, or stop a run, in its room: one rule for
 * both, so that whoever may start a program may also end it. An interviewer or the candidate
 * of a room still open; never an observer, never after the end.
 */
export async function runnerGrant(
	ctx: Context,
	token: string,
	action: 'run code' | 'stop a run'
): Promise<VerifiedRoomGrant> {
	const grant = await roomGrant(ctx, token);
	if (grant.role === 'observer') {
		throw new TRPCError({ code: 'FORBIDDEN', message: `Observers watch: they cannot ${action}` });
	}
	const [room] = await ctx.services.db
		.select({ status: roomsTable.status })
		.from(roomsTable)
		.where(eq(roomsTable.id, grant.roomId));
	if (!room) throw new TRPCError({ code: 'NOT_FOUND', message: 'This interview no longer exists' });
	if (room.status !== 'open') {
		throw new TRPCError({
			code: 'FORBIDDEN',
			message: `This interview has ended: you can no longer ${action}`
		});
	}
	return grant;
}
