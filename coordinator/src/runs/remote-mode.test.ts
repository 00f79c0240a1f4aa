import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomRunEvent } from '../../../src/lib/protocol/runs';
import { createDockerRunner } from '../../../runner/src/docker-runner';
import { startStandaloneRunner } from '../../../runner/src/standalone-runner';
import { engineAvailable, testLimits } from '../../../runner/src/test-support/engine';
import { createLogger } from '../../../server-common/logger';
import { openSharedRunQueue } from '../../../server-common/runs-queue/shared-run-queue';
import type { OpenDatabase } from '../db/client';
import { callerFor, createTestServices } from '../test-support/caller';
import { openTestDatabase } from '../test-support/database';
import { roomWithParticipants } from '../test-support/rooms';
import { PgRunEvents } from './pg-run-events';
import { remoteRunServices } from './run-services';

// RUNNER_MODE=remote: the coordinator only queues; a runner elsewhere claims, executes and
// reports through the database. Both share one database here, as on two hosts.
const hasEngine = await engineAvailable();
let database: OpenDatabase;
let coordinatorEvents: PgRunEvents;

beforeAll(async () => {
	database = await openTestDatabase();
	coordinatorEvents = await PgRunEvents.open(database, {
		onError: (error) => {
			throw error;
		}
	});
});
afterAll(async () => {
	await coordinatorEvents?.close();
	await database?.close();
});

function remoteServices() {
	const runs = remoteRunServices({
		db: database.db,
		events: coordinatorEvents,
		perRoomPerMinute: 10,
		log: createLogger('remote-test')
	});
	return createTestServices(database.db, { runs: runs.services });
}

describe('a coordinator with RUNNER_MODE=remote', () => {
	it('refuses runs while no runner is connected, saying how to start one', async () => {
		// Other tests' runners sign off when they close, so none is registered here.
		const services = remoteServices();
		expect(await callerFor(services).caller.runs.availability()).toEqual({
			available: false,
			reason: expect.stringMatching(/no runner is connected.*npm run runner/)
		});
	});

	it.skipIf(!hasEngine)(
		'hands runs to a stand-alone runner and streams its events back',
		async () => {
			const services = remoteServices();
			const runner = createDockerRunner({ limits: testLimits, poolSize: 1 });
			const queue = await openSharedRunQueue(database, (error) => {
				throw error;
			});
			const standalone = await startStandaloneRunner({
				queue,
				runner,
				id: `test-runner-${process.pid}`,
				concurrency: 1,
				log: createLogger('standalone-test')
			});
			try {
				expect(await callerFor(services).caller.runs.availability()).toEqual({ available: true });
				const room = await roomWithParticipants(services);
				const events: RoomRunEvent[] = [];
				const finished = new Promise<void>((resolve) => {
					coordinatorEvents.emitter.on(room.roomId, (event: RoomRunEvent) => {
						events.push(event);
						if (event.type === 'finished') resolve();
					});
				});
				// Longer than one NOTIFY may carry, so the output arrives in several pieces.
				const source = 'print("é" * 3000)';
				await callerFor(services).caller.runs.start({
					token: room.candidateToken,
					language: 'python',
					source
				});
				await finished;
				expect(events[0]).toMatchObject({ type: 'queued' });
				expect(events[1]).toMatchObject({ type: 'started' });
				expect(events.at(-1)).toMatchObject({ type: 'finished', run: { status: 'succeeded' } });
				const streamed = events.flatMap((event) =>
					event.type === 'output' ? [event.output.text] : []
				);
				expect(streamed.length).toBeGreaterThan(1);
				expect(streamed.join('')).toBe(`${'é'.repeat(3000)}\n`);
			} finally {
				await standalone.close();
				await runner.close();
				await queue.close();
			}
			expect((await callerFor(services).caller.runs.availability()).available).toBe(false);
		}
	);

	it.skipIf(!hasEngine)(
		'a stop reaches the stand-alone runner holding the run, which kills it',
		async () => {
			const services = remoteServices();
			const runTimeMs = 60_000;
			const runner = createDockerRunner({ limits: { ...testLimits, runTimeMs }, poolSize: 1 });
			const queue = await openSharedRunQueue(database, (error) => {
				throw error;
			});
			const standalone = await startStandaloneRunner({
				queue,
				runner,
				id: `test-stop-runner-${process.pid}`,
				concurrency: 1,
				log: createLogger('standalone-test')
			});
			try {
				const room = await roomWithParticipants(services);
				const events: RoomRunEvent[] = [];
				let looping: () => void;
				const printed = new Promise<void>((resolve) => (looping = resolve));
				const finished = new Promise<void>((resolve) => {
					coordinatorEvents.emitter.on(room.roomId, (event: RoomRunEvent) => {
						events.push(event);
						if (event.type === 'output') looping();
						if (event.type === 'finished') resolve();
					});
				});
				const caller = callerFor(services).caller;
				const { runId } = await caller.runs.start({
					token: room.candidateToken,
					language: 'python',
					source: 'print("looping", flush=True)\nwhile True: pass'
				});
				await printed;
				await caller.runs.stop({ token: room.candidateToken, runId });
				await finished;
				expect(events.at(-1)).toMatchObject({
					type: 'finished',
					run: { id: runId, status: 'stopped', stoppedBy: 'Alan Turing', limitsHit: [] }
				});
				const run = (await caller.runs.history({ token: room.candidateToken }))[0]!;
				expect(run.runMs).toBeLessThan(runTimeMs);
			} finally {
				await standalone.close();
				await runner.close();
				await queue.close();
			}
		}
	);
});
