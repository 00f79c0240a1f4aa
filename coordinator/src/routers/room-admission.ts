import { TRPCError } from '@trpc/server';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { maxColorIndex } from '../../../src/lib/protocol/room-token';
import type { LinkStatus, RoomRole, RoomStatus } from '../../../src/lib/protocol/rooms';
import { freeClientBlock } from '../auth/client-block';
import { inviteMatches } from '../auth/invite-token';
import { verifyPassword } from '../auth/password';
import { roomPasswordKeys } from '../auth/throttles';
import type { RoomGrant } from '../auth/tokens';
import type { Context } from '../context';
import { observerLinksTable, participantsTable, roomsTable } from '../db/schema';
import { admissionVerdict, opensBeforeStartMs } from '../scheduling/admission-window';
import { countAttempt } from './throttle-guard';

/** What deciding on a new candidate or observer needs to know about the room. */
export interface AdmissionRoom {
	id: string;
	status: RoomStatus;
	scheduledAt: Date | null;
	inviteToken: string;
	passwordHash: string | null;
}

type InviteStatus = Extract<LinkStatus, 'valid' | 'missing' | 'invalid'>;
type ObserverLinkStatus = Extract<LinkStatus, 'valid' | 'invalid' | 'revoked'>;

const inviteRefusals: Record<Exclude<InviteStatus, 'valid'>, string> = {
	missing: 'This interview is invite-only: open the link from your invitation',
	invalid: 'This invite link is not valid for this interview'
};
const observerLinkRefusals: Record<Exclude<ObserverLinkStatus, 'valid'>, string> = {
	invalid: 'This observer link is not valid for this interview',
	revoked: 'This observer link has been revoked by the interviewer'
};

export function inviteStatus(room: AdmissionRoom, invite: string | undefined): InviteStatus {
	if (invite === undefined) return 'missing';
	return inviteMatches(room.inviteToken, invite) ? 'valid' : 'invalid';
}

export async function observerLinkStatus(
	ctx: Context,
	roomId: string,
	linkId: string
): Promise<ObserverLinkStatus> {
	if (!z.uuid().safeParse(linkId).success) return 'invalid';
	const [link] = await ctx.services.db
		.select({ roomId: observerLinksTable.roomId, revokedAt: observerLinksTable.revokedAt })
		.from(observerLinksTable)
		.where(eq(observerLinksTable.id, linkId));
	if (!link || link.roomId !== roomId) return 'invalid';
	return link.revokedAt ? 'revoked' : 'valid';
}

/** Refuses an observer link that is not this room's, or was revoked. */
export async function checkObserverLink(ctx: Context, roomId: string, linkId: string) {
	const status = await observerLinkStatus(ctx, roomId, linkId);
	if (status !== 'valid') {
		throw new TRPCError({ code: 'FORBIDDEN', message: observerLinkRefusals[status] });
	}
}

/**
 * Refuses a new candidate without the room's invite token, and any new candidate or
 * observer outside the admission window (by the server's clock).
 */
export function checkEntry(
	ctx: Context,
	room: AdmissionRoom,
	role: Exclude<RoomRole, 'interviewer'>,
	invite: string | undefined
) {
	if (role === 'candidate') {
		const status = inviteStatus(room, invite);
		if (status !== 'valid') {
			throw new TRPCError({ code: 'FORBIDDEN', message: inviteRefusals[status] });
		}
	}
	const now = ctx.services.clock();
	const verdict = admissionVerdict(room, role, now);
	if (verdict.open) return;
	throw new TRPCError({
		code: 'FORBIDDEN',
		message:
			verdict.reason === 'ended'
				? 'This interview has ended: nobody new can join'
				: `This interview opens at ${verdict.opensAt.toISOString()}, ${opensBeforeStartMs / 60_000} minutes before it starts (server time is now ${now.toISOString()})`
	});
}

/**
 * Refuses a missing or wrong room password. Each guess is counted before it is checked, per
 * room and address, so repeated guesses are refused however they arrive.
 */
export async function checkRoomPassword(
	ctx: Context,
	room: AdmissionRoom,
	password: string | undefined
) {
	if (room.passwordHash === null) return;
	if (!password) {
		throw new TRPCError({
			code: 'UNAUTHORIZED',
			message: 'This interview is protected by a password: enter it to join'
		});
	}
	const throttle = ctx.services.throttles.roomPassword;
	const keys = roomPasswordKeys(ctx.clientIp, room.id);
	await countAttempt(throttle, keys, 'password attempts for this interview');
	if (!(await verifyPassword(room.passwordHash, password))) {
		throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Wrong password for this interview' });
	}
	await throttle.succeeded(keys);
}

type NewGrant = Omit<RoomGrant, 'participantId' | 'colorIndex' | 'clientBlock'>;

/**
 * Records a new participant. A candidate or observer is refused once the room has admitted
 * `maxAdmissionsPerRoom` of them; interviewers always get in. The colour index is the number
 * admitted before, wrapped to what a room token may carry; the participant gets a block of
 * Yjs client ids no one else in the room has.
 */
export async function admit(
	ctx: Context,
	grant: NewGrant,
	userId: string | null
): Promise<RoomGrant> {
	const limit = ctx.services.maxAdmissionsPerRoom;
	return ctx.services.db.transaction(async (tx) => {
		// Admissions to one room queue on its row, so the count stays true until the insert:
		// neither a batch nor concurrent requests can slip past the limit.
		await tx
			.select({ id: roomsTable.id })
			.from(roomsTable)
			.where(eq(roomsTable.id, grant.roomId))
			.for('update');
		const [admitted] = await tx
			.select({
				all: sql<number>`count(*)::int`,
				guests: sql<number>`(count(*) filter (where ${participantsTable.role} <> 'interviewer'))::int`
			})
			.from(participantsTable)
			.where(eq(participantsTable.roomId, grant.roomId));
		if (grant.role !== 'interviewer' && admitted!.guests >= limit) {
			throw new TRPCError({
				code: 'FORBIDDEN',
				message: `This interview is full: it admits at most ${limit} candidates and observers`
			});
		}
		// Under the room's lock no other admission takes a block meanwhile.
		const taken = await tx
			.select({ block: participantsTable.clientBlock })
			.from(participantsTable)
			.where(eq(participantsTable.roomId, grant.roomId));
		const clientBlock = freeClientBlock(new Set(taken.map((row) => row.block)));
		const [participant] = await tx
			.insert(participantsTable)
			.values({
				roomId: grant.roomId,
				userId,
				name: grant.name,
				role: grant.role,
				colorIndex: admitted!.all % (maxColorIndex + 1),
				observerLinkId: grant.observerLink ?? null,
				clientBlock
			})
			.returning({ id: participantsTable.id, colorIndex: participantsTable.colorIndex });
		return {
			...grant,
			participantId: participant!.id,
			colorIndex: participant!.colorIndex,
			clientBlock
		};
	});
}
