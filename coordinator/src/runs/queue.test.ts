import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../context';
import type { OpenDatabase } from '../db/client';
import { runsTable } from '../db/schema';
import { createTestServices } from '../test-support/caller';
import { openTestDatabase } from '../test-support/database';
import { roomWithParticipants } from '../test-support/rooms';
import { claimNextRun, finishRun, reapStaleRuns } from '../../../server-common/runs-queue/claims';
import { enqueueRun, RoomBusyError, roomRuns, runsRequestedSince } from './queue';

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
		expect(await reapStaleRuns(database.db, new Date(Date.now() - 60_000))).toContainEqual({
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
});
