import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../context';
import type { OpenDatabase } from '../db/client';
import { runsTable } from '../db/schema';
import { createTestServices } from '../test-support/caller';
import { openTestDatabase } from '../test-support/database';
import { roomWithParticipants } from '../test-support/rooms';
import {
	claimNextRun,
	finishRun,
	reapStaleRuns,
	stopsRequested
} from '../../../server-common/runs-queue/claims';
import { enqueueRun, RoomBusyError, roomRuns, runsRequestedSince } from './queue';
import { requestStop } from './stop-run';

let database: OpenDatabase;
let services: Services;

beforeAll(async () => {
	database = await openTestDatabase();
	services = createTestServices(database.db);
});
afterAll(() => database?.close());

async function newRoom() {
	const room = await roomWithParticipants(services);
	const candidate = await services.tokens.verifyRoomToken(room.candidateToken);
	return { roomId: room.roomId, participantId: candidate.participantId };
}

const request = (room: { roomId: string; participantId: string }, source = 'print(1)') => ({
	...room,
	language: 'python' as const,
	source,
	stdin: ''
});

/** Claims until nothing is queued, so that no test leaves work for the next one. */
async function drainQueue() {
	while (await claimNextRun(database.db, 'test-drain'));
}

describe('the run queue', () => {
	it('admits one waiting or running run per room', async () => {
		const room = await newRoom();
		await enqueueRun(database.db, request(room));
		await expect(enqueueRun(database.db, request(room))).rejects.toBeInstanceOf(RoomBusyError);
		await drainQueue();
	});

	it('hands each queued run to exactly one of several concurrent claimers, oldest first', async () => {
		await drainQueue();
		const rooms = await Promise.all([newRoom(), newRoom(), newRoom()]);
		const ids: string[] = [];
		for (const room of rooms) ids.push(await enqueueRun(database.db, request(room)));
		const claims = await Promise.all(
			Array.from({ length: 5 }, (_, i) => claimNextRun(database.db, `runner-${i}`))
		);
		const claimed = claims.filter((claim) => claim !== null);
		expect(claimed.map((claim) => claim.id).sort()).toEqual([...ids].sort());
		const [first] = await database.db.select().from(runsTable).where(eq(runsTable.id, ids[0]!));
		expect(first).toMatchObject({ status: 'running' });
		expect(first!.claimedBy).toMatch(/^runner-\d$/);
	});

	it('frees the room once the run has finished, and keeps its outcome and output', async () => {
		const room = await newRoom();
		const id = await enqueueRun(database.db, request(room, 'print("hi")'));
		const claim = await claimNextRun(database.db, 'runner');
		expect(claim?.id).toBe(id);
		await finishRun(
			database.db,
			id,
			{
				status: 'succeeded',
				exitCode: 0,
				limitsHit: [],
				compileMs: null,
				runMs: 12,
				outputTruncated: false
			},
			[{ stream: 'stdout', phase: 'run', text: 'hi\n' }]
		);
		const [run] = await roomRuns(database.db, room.roomId, 10);
		expect(run).toMatchObject({
			id,
			status: 'succeeded',
			source: 'print("hi")',
			requestedBy: { name: 'Alan Turing', role: 'candidate' },
			output: [{ stream: 'stdout', phase: 'run', text: 'hi\n' }]
		});
		await enqueueRun(database.db, request(room));
		expect(await runsRequestedSince(database.db, room.roomId, new Date(Date.now() - 60_000))).toBe(
			2
		);
		await drainQueue();
	});

	it('closes runs whose runner died, so their room can run again', async () => {
		const room = await newRoom();
		const id = await enqueueRun(database.db, request(room));
		await drainQueue();
		await database.db
			.update(runsTable)
			.set({ startedAt: new Date(Date.now() - 10 * 60_000) })
			.where(eq(runsTable.id, id));
		const cutoffs = {
			startedBefore: new Date(Date.now() - 60_000),
			stopRequestedBefore: new Date(Date.now() - 60_000)
		};
		expect(await reapStaleRuns(database.db, cutoffs)).toContainEqual({
			id,
			roomId: room.roomId
		});
		const [run] = await roomRuns(database.db, room.roomId, 1);
		expect(run).toMatchObject({
			status: 'sandbox-error',
			message: expect.stringMatching(/runner stopped/)
		});
		await enqueueRun(database.db, request(room));
		await drainQueue();
	});

	it('rejects a run for a room that does not exist', async () => {
		await expect(
			enqueueRun(database.db, request({ roomId: randomUUID(), participantId: randomUUID() }))
		).rejects.toThrow();
	});

	it('stops a queued run at once: no runner takes it, and the room may run again', async () => {
		await drainQueue();
		const room = await newRoom();
		const id = await enqueueRun(database.db, request(room));
		const stop = { runId: id, roomId: room.roomId, stoppedBy: room.participantId };
		expect(await requestStop(database.db, stop)).toEqual({ outcome: 'stopped' });
		expect(await claimNextRun(database.db, 'runner')).toBeNull();
		const [run] = await roomRuns(database.db, room.roomId, 1);
		expect(run).toMatchObject({ id, status: 'stopped', stoppedBy: 'Alan Turing' });
		expect(run!.finishedAt).not.toBeNull();
		expect(await requestStop(database.db, stop)).toEqual({ outcome: 'over', status: 'stopped' });
		await enqueueRun(database.db, request(room));
		await drainQueue();
	});

	it('marks a running run for its runner to stop, and keeps the first who asked', async () => {
		await drainQueue();
		const room = await newRoom();
		const other = await newRoom();
		const id = await enqueueRun(database.db, request(room));
		await claimNextRun(database.db, 'runner');
		expect(await stopsRequested(database.db, [id])).toEqual([]);
		const stop = { runId: id, roomId: room.roomId, stoppedBy: room.participantId };
		expect(await requestStop(database.db, stop)).toEqual({ outcome: 'stopping' });
		expect(await requestStop(database.db, { ...stop, stoppedBy: other.participantId })).toEqual({
			outcome: 'stopping'
		});
		expect(await stopsRequested(database.db, [id])).toEqual([id]);
		// Another room's token names another room: the run is not found there.
		expect(await requestStop(database.db, { ...stop, roomId: other.roomId })).toEqual({
			outcome: 'unknown'
		});
		const stopped = { ...finishedOutcome, status: 'stopped' as const, exitCode: null };
		expect(await finishRun(database.db, id, stopped, [])).toBe(true);
		expect((await roomRuns(database.db, room.roomId, 1))[0]).toMatchObject({
			status: 'stopped',
			stoppedBy: 'Alan Turing'
		});
	});

	it('closes as stopped a run whose stop no runner confirmed, and keeps that record', async () => {
		await drainQueue();
		const room = await newRoom();
		const id = await enqueueRun(database.db, request(room));
		await claimNextRun(database.db, 'runner');
		await requestStop(database.db, {
			runId: id,
			roomId: room.roomId,
			stoppedBy: room.participantId
		});
		const reaped = await reapStaleRuns(database.db, {
			startedBefore: new Date(Date.now() - 60_000),
			stopRequestedBefore: new Date(Date.now() + 1_000)
		});
		expect(reaped).toContainEqual({ id, roomId: room.roomId });
		// The runner, should it come back, does not overwrite what the room was told.
		expect(await finishRun(database.db, id, finishedOutcome, [])).toBe(false);
		expect((await roomRuns(database.db, room.roomId, 1))[0]).toMatchObject({ status: 'stopped' });
	});
});

const finishedOutcome = {
	status: 'succeeded' as const,
	exitCode: 0,
	limitsHit: [],
	compileMs: null,
	runMs: 12,
	outputTruncated: false
};
