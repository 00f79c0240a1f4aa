import { on } from 'node:events';
import { TRPCError } from '@trpc/server';
import { type RoomRunEvent, startRunInput, stopRunInput } from '../../../src/lib/protocol/runs';
import { enqueueRun, findRun, RoomBusyError, roomRuns, runsRequestedSince } from '../runs/queue';
import { requestStop } from '../runs/stop-run';
import { publicProcedure, router } from '../trpc';
import { roomGrant, roomTokenInput } from './room-access';
import { runnerGrant } from './runs-access';

const historyLength = 50;

export const runsRouter = router({
	/** Whether Run works here, and if not, what would enable it. */
	availability: publicProcedure.query(({ ctx }) => ctx.services.runs.availability()),

	/** Queues the room's code for a runner; everyone in the room hears of it through `events`. */
	start: publicProcedure.input(startRunInput).mutation(async ({ ctx, input }) => {
		const grant = await runnerGrant(ctx, input.token, 'run code');
		const { db, runs } = ctx.services;
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

	/**
	 * Stops a run of the token's room for everyone: a queued one is recorded stopped at once,
	 * a running one's sandbox is killed by the runner holding it, which records it stopped.
	 * Who may stop is who may run.
	 */
	stop: publicProcedure.input(stopRunInput).mutation(async ({ ctx, input }) => {
		const grant = await runnerGrant(ctx, input.token, 'stop a run');
		const { db, runs } = ctx.services;
		const request = await db.transaction(async (tx) => {
			const request = await requestStop(tx, {
				runId: input.runId,
				roomId: grant.roomId,
				stoppedBy: grant.participantId
			});
			if (request.outcome === 'stopped') {
				const run = (await findRun(tx, input.runId))!;
				await runs.events.publishInTransaction(tx, grant.roomId, { type: 'finished', run });
			}
			return request;
		});
		switch (request.outcome) {
			case 'unknown':
				// Another room's run gets the same answer: its existence is not this room's business.
				throw new TRPCError({
					code: 'NOT_FOUND',
					message: `No run with id '${input.runId}' in this interview`
				});
			case 'over':
				throw new TRPCError({
					code: 'CONFLICT',
					message: `This run has already ended (${request.status}): there is nothing to stop`
				});
			case 'stopping':
				runs.stop(input.runId);
		}
		return { runId: input.runId, outcome: request.outcome };
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
