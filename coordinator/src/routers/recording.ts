import { TRPCError } from '@trpc/server';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { type RecordedEntry, uploadInput } from '../../../src/lib/protocol/recording';
import { areOwnObserverLines, observerChatLines } from '../../../src/lib/sync/observer-chat';
import { roomIdSchema } from '../../../src/lib/protocol/rooms';
import { participantsTable, recordedSignalsTable, roomsTable } from '../db/schema';
import type { VerifiedRoomGrant } from '../auth/tokens';
import { decodeEndSnapshot, type EndedRoom } from '../recording/after-end';
import { sessionLog } from '../recording/session-log';
import { type DamageCount, UploadRateError } from '../recording/recording-store';
import { InvalidUpdateError } from '../recording/update-validation';
import { roomRuns } from '../runs/queue';
import type { Context } from '../context';
import { authedProcedure, publicProcedure, router } from '../trpc';
import { interviewersRoom, roomGrant } from './room-access';

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** Observers' pages upload only the chat lines they add; peers drop anything more, and so does this. */
function refuseObserverEdits(entries: RecordedEntry[], participantId: string) {
	for (const entry of entries) {
		if (entry.type !== 'update') continue;
		const lines = observerChatLines(Buffer.from(entry.update, 'base64'));
		if (!lines || !areOwnObserverLines(lines, participantId)) {
			throw new TRPCError({
				code: 'BAD_REQUEST',
				message: 'Observers can only add chat lines, in their own name'
			});
		}
	}
}

/**
 * Whose upload allowance an upload counts against: the person, not the pass, so that coming
 * back with a new pass does not start a new minute. An interview has one candidate (the
 * invite's holder); observers count per link, interviewers together.
 */
export const uploadAllowanceKey = (grant: VerifiedRoomGrant) =>
	[grant.roomId, grant.role, grant.observerLink ?? ''].join(' ');

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
		if (grant.role === 'observer') refuseObserverEdits(input.entries, grant.participantId);
		const ended = await endOf(ctx, grant);
		try {
			const outcome = await ctx.services.recording.record(
				{
					roomId: grant.roomId,
					participantId: grant.participantId,
					clientBlock: grant.clientBlock,
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
			if (error instanceof UploadRateError) {
				throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: error.message });
			}
			throw error;
		}
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
