import { TRPCError } from '@trpc/server';
import { asc, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { z } from 'zod';
import { recordedStateInput, uploadInput } from '../../../src/lib/protocol/recording';
import { roomIdSchema } from '../../../src/lib/protocol/rooms';
import type { VerifiedPeer } from '../../../src/lib/shared/rules/update-policy';
import { participantsTable, recordedSignalsTable, roomsTable } from '../db/schema';
import type { VerifiedRoomGrant } from '../auth/tokens';
import { decodeEndSnapshot, type EndedRoom } from '../recording/after-end';
import { sessionLog } from '../recording/session-log';
import { type DamageCount } from '../recording/recording-store';
import { UploadRateError } from '../recording/upload-allowance';
import { HoldFullError } from '../recording/held-updates';
import { InvalidUpdateError } from '../recording/update-validation';
import { roomRuns } from '../runs/queue';
import type { Context } from '../context';
import { authedProcedure, publicProcedure, router } from '../trpc';
import { interviewersRoom, roomGrant } from './room-access';

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/**
 * Whose upload allowance an upload counts against: the person, not the pass, so that coming
 * back with a new pass does not start a new minute. An interview has one candidate (the
 * invite's holder); observers count per link, interviewers together.
 */
export const uploadAllowanceKey = (grant: VerifiedRoomGrant) =>
	[grant.roomId, grant.role, grant.observerLink ?? ''].join(' ');

/** Who uploads, as the peers know them from the same pass. */
const authorOf = (grant: VerifiedRoomGrant): VerifiedPeer => ({
	participantId: grant.participantId,
	role: grant.role,
	name: grant.name,
	colorIndex: grant.colorIndex,
	...(grant.observerLink && { observerLink: grant.observerLink }),
	...(grant.clientBlock !== undefined && { clientBlock: grant.clientBlock })
});

/** The room's end, for an upload arriving after it; undefined while the interview runs. */
async function endOf(ctx: Context, grant: VerifiedRoomGrant): Promise<EndedRoom | undefined> {
	const [room] = await ctx.services.db
		.select({ endedAt: roomsTable.endedAt, endSnapshot: roomsTable.endSnapshot })
		.from(roomsTable)
		.where(eq(roomsTable.id, grant.roomId));
	if (!room?.endedAt) return undefined;
	// Passes carry whole seconds: one issued in the second the interview ended still counts.
	if (grant.issuedAt.getTime() > room.endedAt.getTime()) {
		throw new TRPCError({
			code: 'FORBIDDEN',
			message: 'This interview has ended: a pass issued after its end cannot add to its record'
		});
	}
	return {
		endedAt: room.endedAt,
		endSnapshot: room.endSnapshot ? decodeEndSnapshot(room.endSnapshot) : null
	};
}

export const recordingRouter = router({
	/**
	 * A participant's queued edits and signals. Acknowledged only once stored; a bad entry
	 * rejects the whole upload with its reason and stores nothing. After the end, entries
	 * made after it are acknowledged but left out of the record (`late` counts them).
	 */
	upload: publicProcedure.input(uploadInput).mutation(async ({ ctx, input }) => {
		const grant = await roomGrant(ctx, input.token);
		const ended = await endOf(ctx, grant);
		try {
			const outcome = await ctx.services.recording.record(
				{
					roomId: grant.roomId,
					author: authorOf(grant),
					allowanceKey: uploadAllowanceKey(grant)
				},
				input.entries,
				ended
			);
			// What the late uploads brought belongs in the session log too.
			if (ended && outcome.stored) ctx.services.sessionLogs.request(grant.roomId);
			return outcome;
		} catch (error) {
			if (error instanceof InvalidUpdateError) {
				throw new TRPCError({ code: 'BAD_REQUEST', message: error.message });
			}
			if (error instanceof UploadRateError || error instanceof HoldFullError) {
				throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: error.message });
			}
			throw error;
		}
	}),

	/**
	 * The room's document as the record has it, newer than what the page has: everyone's
	 * edits as their authors uploaded them and the record allowed (upload-judge.ts), for a
	 * page that needs what no peer it reaches can give it — the author is gone, no
	 * interviewer is there to pass it on.
	 */
	state: publicProcedure.input(recordedStateInput).query(async ({ ctx, input }) => {
		const grant = await roomGrant(ctx, input.token);
		let have: Uint8Array | undefined;
		if (input.have !== undefined) {
			have = new Uint8Array(Buffer.from(input.have, 'base64'));
			try {
				Y.decodeStateVector(have);
			} catch {
				throw new TRPCError({ code: 'BAD_REQUEST', message: 'That is not a Yjs state vector' });
			}
		}
		const update = await ctx.services.recording.recordedState(grant.roomId, have);
		return { update: base64(update) };
	}),

	/** Everything the owner's replay needs: history, signals, participants, runs. */
	session: authedProcedure.input(z.object({ id: roomIdSchema })).query(async ({ ctx, input }) => {
		const room = await interviewersRoom(ctx, input.id);
		const { db, recording } = ctx.services;
		const damage: DamageCount = { skipped: 0 };
		const [segments, signals, participants, runs, log] = await Promise.all([
			recording.history(room.id, undefined, undefined, damage),
			db
				.select()
				.from(recordedSignalsTable)
				.where(eq(recordedSignalsTable.roomId, room.id))
				.orderBy(asc(recordedSignalsTable.clientTime)),
			db
				.select({
					id: participantsTable.id,
					name: participantsTable.name,
					role: participantsTable.role,
					colorIndex: participantsTable.colorIndex,
					clientBlock: participantsTable.clientBlock,
					admittedAt: participantsTable.admittedAt
				})
				.from(participantsTable)
				.where(eq(participantsTable.roomId, room.id))
				.orderBy(asc(participantsTable.admittedAt)),
			roomRuns(db, room.id, 1000),
			sessionLog(db, room.id)
		]);
		return {
			room: {
				id: room.id,
				title: room.title,
				language: room.language,
				status: room.status,
				createdAt: room.createdAt.toISOString(),
				endedAt: room.endedAt?.toISOString() ?? null
			},
			participants: participants.map((participant) => ({
				...participant,
				admittedAt: participant.admittedAt.toISOString()
			})),
			segments: segments.map((segment) => ({
				merged: base64(segment.merged),
				entries: segment.entries
			})),
			signals: signals.map((row) => ({
				id: row.id,
				participantId: row.participantId,
				at: row.clientTime.getTime(),
				signal: row.signal
			})),
			runs: runs.reverse(),
			log,
			/** Stored rows that could not be read and were left out (logged on the coordinator). */
			damagedRows: damage.skipped
		};
	})
});
