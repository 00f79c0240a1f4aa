import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RoomRunEvent } from '../../../src/lib/protocol/runs';
import { LocalRunEvents } from '../runs/events';
import { callerFor, runsNotConfigured, trpcErrorOf } from '../test-support/caller';
import { roomWithParticipants } from '../test-support/rooms';
import { useTestServices, useTrpcServer } from '../test-support/services';
import { postJson, type TrpcErrorBody } from '../test-support/trpc-server';

// Runs are accepted and queued, but no runner takes them: every run here stays queued
// until it is stopped, which is all that the authority over Stop needs.
const events = new LocalRunEvents();
const stopsSignalled: string[] = [];
const setup = useTestServices({
	runs: {
		...runsNotConfigured,
		availability: async () => ({ available: true }),
		events,
		stop: (runId) => stopsSignalled.push(runId)
	}
});
const server = useTrpcServer(setup);

/** A room with one queued run, started by its candidate, and an observer's token. */
async function roomWithQueuedRun() {
	const { services } = setup;
	const room = await roomWithParticipants(services);
	const owner = callerFor(services, room.interviewer).caller;
	const { linkId } = await owner.rooms.createObserverLink({ id: room.roomId });
	const observer = await callerFor(services).caller.rooms.join({
		id: room.roomId,
		name: 'Olive Observer',
		observerLink: linkId
	});
	const { runId } = await callerFor(services).caller.runs.start({
		token: room.candidateToken,
		language: 'python',
		source: 'while True: pass'
	});
	return { ...room, runId, observerToken: observer.token, owner };
}

async function statusOf(token: string, runId: string) {
	const history = await callerFor(setup.services).caller.runs.history({ token });
	return history.find((run) => run.id === runId)?.status;
}

/** A raw, hand-made `runs.stop` call: HTTP status, tRPC code, message. */
async function rawStop(input: unknown) {
	const response = await postJson(server, 'runs.stop', input);
	const body = (await response.json()) as TrpcErrorBody & { result?: { data: unknown } };
	return { status: response.status, code: body.error?.data.code, message: body.error?.message };
}

describe('runs.stop', () => {
	it('stops a queued run at once, for everyone in the room, and records who stopped it', async () => {
		const room = await roomWithQueuedRun();
		const heard: RoomRunEvent[] = [];
		const listen = (event: RoomRunEvent) => heard.push(event);
		events.emitter.on(room.roomId, listen);
		try {
			const caller = callerFor(setup.services).caller;
			expect(await caller.runs.stop({ token: room.interviewerToken, runId: room.runId })).toEqual({
				runId: room.runId,
				outcome: 'stopped'
			});
			expect(heard).toMatchObject([
				{ type: 'finished', run: { id: room.runId, status: 'stopped', stoppedBy: 'Ada Lovelace' } }
			]);
			expect(await statusOf(room.candidateToken, room.runId)).toBe('stopped');
			// The room is free again: one waiting or running run per room.
			await caller.runs.start({ token: room.candidateToken, language: 'python', source: '' });
		} finally {
			events.emitter.off(room.roomId, listen);
		}
	});

	it('lets the candidate stop the run, as they may start one', async () => {
		const room = await roomWithQueuedRun();
		const result = await callerFor(setup.services).caller.runs.stop({
			token: room.candidateToken,
			runId: room.runId
		});
		expect(result.outcome).toBe('stopped');
	});

	it('refuses, clearly, to stop a run that has ended', async () => {
		const room = await roomWithQueuedRun();
		const caller = callerFor(setup.services).caller;
		await caller.runs.stop({ token: room.candidateToken, runId: room.runId });
		const error = await trpcErrorOf(
			caller.runs.stop({ token: room.interviewerToken, runId: room.runId })
		);
		expect(error.code).toBe('CONFLICT');
		expect(error.message).toBe('This run has already ended (stopped): there is nothing to stop');
	});
});

describe('hostile: runs.stop from a raw client', () => {
	it('hostile: an observer cannot stop a run', async () => {
		const room = await roomWithQueuedRun();
		expect(await rawStop({ token: room.observerToken, runId: room.runId })).toEqual({
			status: 403,
			code: 'FORBIDDEN',
			message: 'Observers watch: they cannot stop a run'
		});
		expect(await statusOf(room.candidateToken, room.runId)).toBe('queued');
	});

	it("hostile: another room's token cannot stop this room's run, nor learn that it exists", async () => {
		const room = await roomWithQueuedRun();
		const other = await roomWithParticipants(setup.services);
		const unknown = await rawStop({ token: other.interviewerToken, runId: randomUUID() });
		expect(await rawStop({ token: other.interviewerToken, runId: room.runId })).toEqual({
			...unknown,
			message: `No run with id '${room.runId}' in this interview`
		});
		expect(unknown).toMatchObject({ status: 404, code: 'NOT_FOUND' });
		expect(await statusOf(room.candidateToken, room.runId)).toBe('queued');
	});

	it('hostile: nobody stops a run once the interview has ended', async () => {
		const room = await roomWithQueuedRun();
		await room.owner.rooms.end({ id: room.roomId });
		for (const token of [room.interviewerToken, room.candidateToken]) {
			expect(await rawStop({ token, runId: room.runId })).toEqual({
				status: 403,
				code: 'FORBIDDEN',
				message: 'This interview has ended: you can no longer stop a run'
			});
		}
	});

	it('hostile: a forged run id or token is refused without a crash', async () => {
		const room = await roomWithQueuedRun();
		expect(await rawStop({ token: room.candidateToken, runId: randomUUID() })).toMatchObject({
			status: 404,
			code: 'NOT_FOUND'
		});
		for (const runId of ["' or 1=1 --", '../runs', 42, null, 'x'.repeat(10_000)]) {
			expect(await rawStop({ token: room.candidateToken, runId })).toMatchObject({
				status: 400,
				code: 'BAD_REQUEST'
			});
		}
		expect(await rawStop({ token: `${room.candidateToken}x`, runId: room.runId })).toMatchObject({
			status: 401,
			code: 'UNAUTHORIZED'
		});
		expect(await rawStop({ runId: room.runId })).toMatchObject({ status: 400 });
		// Nothing above touched the run, and the coordinator still answers.
		expect(await statusOf(room.candidateToken, room.runId)).toBe('queued');
		expect(stopsSignalled).not.toContain(room.runId);
	});
});
