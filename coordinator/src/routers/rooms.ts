import { randomBytes } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import {
	createRoomInput,
	endRoomInput,
	joinRoomInput,
	roomByIdInput,
	roomIdSchema,
	scheduleInput
} from '../../../src/lib/protocol/rooms';
import { listRoomsInput } from '../../../src/lib/protocol/room-list';
import { signalingTopic } from '../../../src/lib/protocol/signaling';
import { peerIdOf } from '../../../src/lib/protocol/video';
import { issueInviteToken } from '../auth/invite-token';
import { clientBlockOf } from '../auth/client-block';
import { hashPassword } from '../auth/password';
import type { RoomGrant } from '../auth/tokens';
import type { Context } from '../context';
import { observerLinksTable, participantsTable, roomsTable, usersTable } from '../db/schema';
import { decodeEndSnapshot } from '../recording/after-end';
import { storeSessionLog } from '../recording/session-log';
import { interviewersRoom, isInterviewerOf } from './room-access';
import { listInterviews } from './room-list';
import {
	admit,
	checkEntry,
	checkObserverLink,
	checkRoomPassword,
	inviteStatus,
	observerLinkStatus
} from './room-admission';
import { scheduleColumns, scheduleView } from './room-schedule';
import { authedProcedure, publicProcedure, router } from '../trpc';

const roomSummaryColumns = {
	id: roomsTable.id,
	title: roomsTable.title,
	language: roomsTable.language,
	status: roomsTable.status,
	createdAt: roomsTable.createdAt,
	endedAt: roomsTable.endedAt
};

async function findRoom(ctx: Context, id: string) {
	const [room] = await ctx.services.db
		.select({
			...roomSummaryColumns,
			ownerId: roomsTable.ownerId,
			secret: roomsTable.secret,
			inviteToken: roomsTable.inviteToken,
			passwordHash: roomsTable.passwordHash,
			scheduledAt: roomsTable.scheduledAt,
			durationMinutes: roomsTable.durationMinutes,
			candidateName: roomsTable.candidateName,
			ownerName: usersTable.name
		})
		.from(roomsTable)
		.innerJoin(usersTable, eq(usersTable.id, roomsTable.ownerId))
		.where(eq(roomsTable.id, id));
	if (!room) throw new TRPCError({ code: 'NOT_FOUND', message: `No interview with id '${id}'` });
	return room;
}

/** The identity a valid resume token carries, if it was issued for this room. */
async function resumedGrant(ctx: Context, roomId: string, resumeToken: string | undefined) {
	if (!resumeToken) return null;
	const grant = await ctx.services.tokens.verifyRoomToken(resumeToken).catch(() => null);
	return grant?.roomId === roomId ? grant : null;
}

interface ObserverLinkSummary {
	id: string;
	createdAt: string;
	revokedAt: string | null;
	/** The names of the observers admitted by the link. */
	observers: string[];
}

/**
 * The room token to hand a returning participant. An ended interview's pass is never renewed:
 * whatever is uploaded after the end comes with a pass issued before it.
 */
async function tokenFor(
	ctx: Context,
	room: { status: string },
	grant: RoomGrant,
	resumeToken: string | undefined
): Promise<string> {
	if (room.status === 'ended' && resumeToken) return resumeToken;
	return ctx.services.tokens.signRoomToken(grant);
}

export const roomsRouter = router({
	/** A new interview, scheduled or to start at once; the candidate's link carries `inviteToken`. */
	create: authedProcedure.input(createRoomInput).mutation(async ({ ctx, input }) => {
		const [room] = await ctx.services.db
			.insert(roomsTable)
			.values({
				ownerId: ctx.user.id,
				title: input.title,
				language: input.language,
				secret: randomBytes(32).toString('base64url'),
				inviteToken: issueInviteToken(),
				passwordHash: input.password ? await hashPassword(input.password) : null,
				...scheduleColumns(input.schedule, ctx.services.clock())
			})
			.returning({ id: roomsTable.id, inviteToken: roomsTable.inviteToken });
		return { id: room!.id, inviteToken: room!.inviteToken };
	}),

	/** Reschedules an interview not yet ended, or (`schedule: null`) opens it at once. */
	schedule: authedProcedure
		.input(z.object({ id: roomIdSchema, schedule: scheduleInput.nullable() }))
		.mutation(async ({ ctx, input }) => {
			const room = await interviewersRoom(ctx, input.id);
			if (room.status === 'ended') {
				throw new TRPCError({
					code: 'BAD_REQUEST',
					message: 'This interview has ended: it cannot be rescheduled'
				});
			}
			const [updated] = await ctx.services.db
				.update(roomsTable)
				.set(scheduleColumns(input.schedule, ctx.services.clock()))
				.where(eq(roomsTable.id, room.id))
				.returning({
					scheduledAt: roomsTable.scheduledAt,
					durationMinutes: roomsTable.durationMinutes
				});
			return scheduleView(updated!);
		}),

	/** The signed-in interviewer's interviews, each once, optionally searched (room-list.ts). */
	list: authedProcedure.input(listRoomsInput).query(({ ctx, input }) => listInterviews(ctx, input)),

	/** A new link for watching the interview read-only; the owner can revoke it. */
	createObserverLink: authedProcedure
		.input(z.object({ id: roomIdSchema }))
		.mutation(async ({ ctx, input }) => {
			const room = await interviewersRoom(ctx, input.id);
			const [link] = await ctx.services.db
				.insert(observerLinksTable)
				.values({ roomId: room.id })
				.returning({ id: observerLinksTable.id });
			return { linkId: link!.id };
		}),

	/** The room's observer links, newest first, with who came in by each. */
	observerLinks: authedProcedure
		.input(z.object({ id: roomIdSchema }))
		.query(async ({ ctx, input }) => {
			const room = await interviewersRoom(ctx, input.id);
			const links = await ctx.services.db
				.select({
					id: observerLinksTable.id,
					createdAt: observerLinksTable.createdAt,
					revokedAt: observerLinksTable.revokedAt,
					observer: participantsTable.name
				})
				.from(observerLinksTable)
				.leftJoin(participantsTable, eq(participantsTable.observerLinkId, observerLinksTable.id))
				.where(eq(observerLinksTable.roomId, room.id))
				.orderBy(desc(observerLinksTable.createdAt), participantsTable.admittedAt);
			const byId = new Map<string, ObserverLinkSummary>();
			for (const { id, createdAt, revokedAt, observer } of links) {
				const link = byId.get(id) ?? {
					id,
					createdAt: createdAt.toISOString(),
					revokedAt: revokedAt?.toISOString() ?? null,
					observers: []
				};
				if (observer) link.observers.push(observer);
				byId.set(id, link);
			}
			return [...byId.values()];
		}),

	/**
	 * Stops a link from admitting anyone. Observers who came in by it are shut out too: the
	 * coordinator refuses their pass from now on, and the interviewer's page tells the peers.
	 */
	revokeObserverLink: authedProcedure
		.input(z.object({ id: roomIdSchema, linkId: z.uuid() }))
		.mutation(async ({ ctx, input }) => {
			const room = await interviewersRoom(ctx, input.id);
			const [revoked] = await ctx.services.db
				.update(observerLinksTable)
				.set({ revokedAt: new Date() })
				.where(and(eq(observerLinksTable.id, input.linkId), eq(observerLinksTable.roomId, room.id)))
				.returning({ id: observerLinksTable.id });
			if (!revoked) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such observer link' });
			// Their open signaling and PeerJS connections close now, not at their next check.
			ctx.services.revocations.observerLinkRevoked(revoked.id);
			return { revoked: true };
		}),

	/**
	 * Ends the interview: read-only for everyone from now on. A final keyframe is stored;
	 * updates still queued in participants' pages are accepted when they arrive, if they
	 * were made before the end and, when the ending page sent its final document
	 * (`finalState`, a Yjs snapshot), only what that document already had.
	 */
	end: authedProcedure.input(endRoomInput).mutation(async ({ ctx, input }) => {
		const room = await interviewersRoom(ctx, input.id);
		const finalState = input.finalState ? Buffer.from(input.finalState, 'base64') : null;
		if (finalState) {
			try {
				decodeEndSnapshot(finalState);
			} catch (error) {
				throw new TRPCError({ code: 'BAD_REQUEST', message: (error as Error).message });
			}
		}
		// The first end stands: ending again changes neither its time nor its final document.
		const [ended] = await ctx.services.db
			.update(roomsTable)
			.set({
				status: 'ended',
				endedAt: room.endedAt ?? new Date(),
				endSnapshot: room.endedAt ? room.endSnapshot : finalState
			})
			.where(eq(roomsTable.id, room.id))
			.returning({ endedAt: roomsTable.endedAt });
		await ctx.services.recording.keyframeIfDue(room.id, true);
		await storeSessionLog(ctx.services.db, ctx.services.recording, room.id);
		return { endedAt: ended!.endedAt!.toISOString() };
	}),

	/**
	 * What the join page shows before anyone is admitted, including whether the link the
	 * visitor came by (`invite` or `observe`) lets them in. Never includes the room secret;
	 * only the owner gets the invite token.
	 */
	byId: publicProcedure.input(roomByIdInput).query(async ({ ctx, input }) => {
		const room = await findRoom(ctx, input.id);
		const viewerIsOwner = ctx.user?.id === room.ownerId;
		const viewerIsInterviewer = await isInterviewerOf(ctx.services.db, room, ctx.user?.id);
		const observing = input.observe !== undefined;
		const link = viewerIsInterviewer
			? 'valid'
			: observing
				? await observerLinkStatus(ctx, room.id, input.observe!)
				: inviteStatus(room, input.invite);
		const invited = viewerIsInterviewer || (!observing && link === 'valid');
		return {
			id: room.id,
			title: room.title,
			language: room.language,
			status: room.status,
			endedAt: room.endedAt?.toISOString() ?? null,
			ownerName: room.ownerName,
			viewerIsOwner,
			viewerIsInterviewer,
			link,
			...scheduleView(room),
			/** For the page's countdown: the server's clock decides when the room opens. */
			serverNow: ctx.services.clock().toISOString(),
			passwordRequired: room.passwordHash !== null,
			candidateName: invited ? room.candidateName : null,
			inviteToken: viewerIsInterviewer ? room.inviteToken : null
		};
	}),

	/**
	 * Admits the caller: the owning interviewer as `interviewer`; anyone else as a named
	 * `candidate` with the invite token, or `observer` with an observer link, within the
	 * admission window and with the room password if there is one. A resume token from an
	 * earlier join keeps the same identity.
	 */
	join: publicProcedure.input(joinRoomInput).mutation(async ({ ctx, input }) => {
		const room = await findRoom(ctx, input.id);
		const isInterviewer = await isInterviewerOf(ctx.services.db, room, ctx.user?.id);
		const resumed = await resumedGrant(ctx, room.id, input.resumeToken);
		const observing = !isInterviewer && input.observerLink !== undefined;
		if (observing) await checkObserverLink(ctx, room.id, input.observerLink!);

		let grant: RoomGrant;
		let keptPass: string | undefined;
		if (
			resumed &&
			(resumed.role === 'interviewer') === isInterviewer &&
			(resumed.role === 'observer') === observing &&
			resumed.observerLink === (observing ? input.observerLink : undefined)
		) {
			const clientBlock =
				resumed.clientBlock ?? (await clientBlockOf(ctx.services.db, resumed.participantId));
			grant = { ...resumed, ...(clientBlock !== null && { clientBlock }) };
			keptPass = input.resumeToken;
		} else if (isInterviewer) {
			grant = await admit(
				ctx,
				{ roomId: room.id, role: 'interviewer', name: ctx.user!.name },
				ctx.user!.id
			);
		} else {
			const role = observing ? 'observer' : 'candidate';
			checkEntry(ctx, room, role, input.invite);
			if (!input.name) {
				throw new TRPCError({ code: 'BAD_REQUEST', message: 'Enter your name to join' });
			}
			await checkRoomPassword(ctx, room, input.password);
			const observerLink = observing ? input.observerLink : undefined;
			grant = await admit(ctx, { roomId: room.id, role, name: input.name, observerLink }, null);
		}

		return {
			token: await tokenFor(ctx, room, grant, keptPass),
			/**
			 * Certifies the page's chat key for this participant (chat-certificate.ts): peers show
			 * a chat line only if it is signed by a key certified for its author. Null without a key.
			 */
			chatCert: input.chatKey
				? await ctx.services.tokens.signChatCertificate(grant, input.chatKey)
				: null,
			participantId: grant.participantId,
			/** The Yjs client ids this participant's pages write under (yjs-clients.ts). */
			clientBlock: grant.clientBlock ?? null,
			colorIndex: grant.colorIndex,
			role: grant.role,
			name: grant.name,
			observerLink: grant.observerLink ?? null,
			room: { id: room.id, title: room.title, language: room.language, status: room.status },
			recordingUploadMs: ctx.services.recordingUploadMs,
			/** Encrypts y-webrtc signaling so the coordinator cannot read it. */
			secret: room.secret,
			/** Checks other participants' room tokens (EdDSA), so peers need not trust each other. */
			roomKey: await ctx.services.tokens.roomPublicKey(),
			topic: signalingTopic(room.id),
			/** The only id the PeerJS server at `/peerjs` accepts with this token. */
			peerId: peerIdOf(room.id, grant.participantId),
			iceServers: ctx.services.iceServers
		};
	})
});
