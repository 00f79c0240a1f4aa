import { on } from 'node:events';
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { type RoomRunEvent, startRunInput } from '../../../src/lib/protocol/runs';
import { roomsTable } from '../db/schema';
import { enqueueRun, findRun, RoomBusyError, roomRuns, runsRequestedSince } from '../runs/queue';
import { publicProcedure, router } from '../trpc';
import { roomGrant, roomTokenInput } from './room-access';

const historyLength = 50;

export const runsRouter = router({
	/** Whether Run works here, and if not, what would enable it. */
	availability: publicProcedure.query(({ ctx }) => ctx.services.runs.availability()),

	/** Queues the room's code for a runner; everyone in the room hears of it through `events`. */
	start: publicProcedure.input(startRunInput).mutation(async ({ ctx, input }) => {
		const grant = await roomGrant(ctx, input.token);
		if (grant.role === 'observer') {
			throw new TRPCError({ code: 'FORBIDDEN', message: 'Observers watch: they cannot run code' });
		}
		const { db, runs } = ctx.services;
		const [room] = await db
			.select({ status: roomsTable.status })
			.from(roomsTable)
			.where(eq(roomsTable.id, grant.roomId));
		if (!room)
			throw new TRPCError({ code: 'NOT_FOUND', message: 'This interview no longer exists' });
		if (room.status !== 'open') {
			throw new TRPCError({
				code: 'FORBIDDEN',
				message: 'This interview has ended: code can no longer run'
			});
		}
		const availability = await runs.availability();
		if (!availability.available) {
			throw new TRPCError({ code: 'PRECONDITION_FAILED', message: availability.reason });
		}
		const lastMinute = await runsRequestedSince(db, grant.roomId, new Date(Date.now() - 60_000));
		if (lastMinute >= runs.perRoomPerMinute) {
			throw new TRPCError({
				code: 'TOO_MANY_REQUESTS',
				message: `At most ${runs.perRoomPerMinute} runs a minute per interview: try again shortly`
			});
		}
		let runId: string;
		try {
			runId = await db.transaction(async (tx) => {
				const id = await enqueueRun(tx, {
					roomId: grant.roomId,
					participantId: grant.participantId,
					language: input.language,
					source: input.source,
					stdin: input.stdin
				});
				const run = (await findRun(tx, id))!;
				await runs.events.publishInTransaction(tx, grant.roomId, { type: 'queued', run });
				return id;
			});
		} catch (error) {
			if (error instanceof RoomBusyError)
				throw new TRPCError({ code: 'CONFLICT', message: error.message });
			throw error;
		}
		runs.dispatch();
		return { runId };
	}),

	/** The room's runs, newest first, with their code and output. */
	history: publicProcedure.input(roomTokenInput).query(async ({ ctx, input }) => {
		const grant = await roomGrant(ctx, input.token);
		return roomRuns(ctx.services.db, grant.roomId, historyLength);
	}),

	/** The room's run events as they happen (server-sent events). */
	events: publicProcedure.input(roomTokenInput).subscription(async function* ({
		ctx,
		input,
		signal
	}) {
		const grant = await roomGrant(ctx, input.token);
		for await (const [event] of on(ctx.services.runs.events.emitter, grant.roomId, { signal })) {
			yield event as RoomRunEvent;
		}
	})
});
