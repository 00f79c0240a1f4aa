import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomRunEvent } from '../../../src/lib/protocol/runs';
import { createDockerRunner } from '../../../runner/src/docker-runner';
import { startLocalRunner } from '../../../runner/src/local-runner';
import { engineAvailable, testLimits } from '../../../runner/src/test-support/engine';
import type { Services } from '../context';
import type { OpenDatabase } from '../db/client';
import { createLogger } from '../../../server-common/logger';
import { LocalRunEvents } from '../runs/events';
import { localRunServices } from '../runs/run-services';
import { callerFor, createTestServices, trpcErrorOf } from '../test-support/caller';
import { openTestDatabase } from '../test-support/database';
import { roomWithParticipants } from '../test-support/rooms';

let database: OpenDatabase;
const closers: (() => Promise<void>)[] = [];
const hasEngine = await engineAvailable();

beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(async () => {
	for (const close of closers.reverse()) await close();
	await database?.close();
});

/** The coordinator's services with runs executed in this process by `runner`. */
function servicesWithRunner(
	runner = createDockerRunner({ limits: testLimits, poolSize: 1 }),
	perRoomPerMinute = 10
) {
	const runs = localRunServices({
		db: database.db,
		events: new LocalRunEvents(),
		perRoomPerMinute,
		log: createLogger('runs-test'),
		startRunner: (queue) => startLocalRunner(queue, { runner, concurrency: 2 })
	});
	closers.push(runs.close);
	return createTestServices(database.db, { runs: runs.services });
}

/** Collects a room's run events until one satisfies `until`. */
async function collectEvents(
	services: Services,
	token: string,
	until: (event: RoomRunEvent) => boolean
) {
	const events: RoomRunEvent[] = [];
	const stream = await callerFor(services).caller.runs.events({ token });
	// Breaking out ends the subscription, as a closed connection would.
	for await (const event of stream) {
		events.push(event as RoomRunEvent);
		if (until(event as RoomRunEvent)) break;
	}
	return events;
}

describe('runs without a Docker engine', () => {
	it('refuses to run and says how to enable execution', async () => {
		const unreachable = createDockerRunner({
			docker: new Docker({ socketPath: '/nonexistent/docker.sock' })
		});
		const services = servicesWithRunner(unreachable);
		const room = await roomWithParticipants(services);
		expect(await callerFor(services).caller.runs.availability()).toMatchObject({
			available: false,
			reason: expect.stringMatching(/DOCKER_HOST/)
		});
		const error = await trpcErrorOf(
			callerFor(services).caller.runs.start({
				token: room.candidateToken,
				language: 'python',
				source: 'print(1)'
			})
		);
		expect(error.code).toBe('PRECONDITION_FAILED');
		expect(error.message).toMatch(
			/^Code execution is off: no Docker engine answers at unix:\/\/\/nonexistent\/docker.sock\. .*runner\/images\/build\.sh/
		);
		expect(await callerFor(services).caller.runs.history({ token: room.candidateToken })).toEqual(
			[]
		);
	});
});

describe('runs.start input', () => {
	it('rejects a forged room token', async () => {
		const services = createTestServices(database.db);
		const error = await trpcErrorOf(
			callerFor(services).caller.runs.start({
				token: 'not-a-token',
				language: 'python',
				source: ''
			})
		);
		expect(error.code).toBe('UNAUTHORIZED');
	});

	it('rejects code over 64 KB with a readable message', async () => {
		const services = createTestServices(database.db);
		const room = await roomWithParticipants(services);
		const error = await trpcErrorOf(
			callerFor(services).caller.runs.start({
				token: room.candidateToken,
				language: 'python',
				source: 'x'.repeat(64 * 1024 + 1)
			})
		);
		expect(error.code).toBe('BAD_REQUEST');
		expect(error.message).toContain('Code must be at most 64 KB');
	});

	it('rejects an unknown language', async () => {
		const services = createTestServices(database.db);
		const error = await trpcErrorOf(
			callerFor(services).caller.runs.start({
				token: 'x',
				language: 'cobol' as 'python',
				source: ''
			})
		);
		expect(error.code).toBe('BAD_REQUEST');
		expect(error.message).toContain('expected one of');
	});
});

describe.skipIf(!hasEngine)('runs through the Docker engine', () => {
	it('streams a run to everyone in the room and keeps it in the history', async () => {
		const services = servicesWithRunner();
		const room = await roomWithParticipants(services);
		const heard = collectEvents(
			services,
			room.interviewerToken,
			(event) => event.type === 'finished'
		);
		await new Promise((resolve) => setTimeout(resolve, 50));
		const { runId } = await callerFor(services).caller.runs.start({
			token: room.candidateToken,
			language: 'python',
			source: 'name = input()\nprint(f"hello {name}")',
			stdin: 'pairdesk\n'
		});
		const events = await heard;
		// Output comes in as many pieces as the program's writes and the machine's load make.
		const kinds = events.map((event) => event.type);
		expect(kinds.filter((kind, index) => kind !== kinds[index - 1])).toEqual([
			'queued',
			'started',
			'output',
			'finished'
		]);
		expect(events[0]).toMatchObject({
			type: 'queued',
			run: { id: runId, requestedBy: { name: 'Alan Turing' } }
		});
		const output = events.flatMap((event) => (event.type === 'output' ? [event.output] : []));
		expect(output.every((piece) => piece.stream === 'stdout' && piece.phase === 'run')).toBe(true);
		expect(output.map((piece) => piece.text).join('')).toBe('hello pairdesk\n');
		const [entry] = await callerFor(services).caller.runs.history({ token: room.interviewerToken });
		expect(entry).toMatchObject({
			id: runId,
			status: 'succeeded',
			exitCode: 0,
			language: 'python',
			stdin: 'pairdesk\n'
		});
		expect(entry!.output.map((piece) => piece.text).join('')).toBe('hello pairdesk\n');
		expect(entry!.finishedAt).not.toBeNull();
	});

	it('runs one program per room at a time, and limits runs per minute', async () => {
		const services = servicesWithRunner(undefined, 2);
		const room = await roomWithParticipants(services);
		const caller = callerFor(services).caller;
		const slow = {
			token: room.candidateToken,
			language: 'python' as const,
			source: 'import time\ntime.sleep(0.5)'
		};
		const finished = collectEvents(
			services,
			room.candidateToken,
			(event) => event.type === 'finished'
		);
		await new Promise((resolve) => setTimeout(resolve, 50));
		await caller.runs.start(slow);
		const busy = await trpcErrorOf(caller.runs.start(slow));
		expect(busy.code).toBe('CONFLICT');
		expect(busy.message).toMatch(/already in progress/);
		await finished;
		await caller.runs.start({ ...slow, source: 'print(2)' });
		const limited = await trpcErrorOf(caller.runs.start(slow));
		expect(limited.code).toBe('TOO_MANY_REQUESTS');
		expect(limited.message).toBe('At most 2 runs a minute per interview: try again shortly');
	});

	it('stops a running infinite loop for everyone, well before its time limit', async () => {
		const runTimeMs = 60_000;
		const runner = createDockerRunner({ limits: { ...testLimits, runTimeMs }, poolSize: 1 });
		const services = servicesWithRunner(runner);
		const room = await roomWithParticipants(services);
		const caller = callerFor(services).caller;
		const started = collectEvents(
			services,
			room.interviewerToken,
			(event) => event.type === 'output' && event.output.text.includes('looping')
		);
		const finished = collectEvents(
			services,
			room.candidateToken,
			(event) => event.type === 'finished'
		);
		await new Promise((resolve) => setTimeout(resolve, 50));
		const { runId } = await caller.runs.start({
			token: room.candidateToken,
			language: 'python',
			source: 'print("looping", flush=True)\nwhile True: pass'
		});
		await started;
		expect(await caller.runs.stop({ token: room.interviewerToken, runId })).toEqual({
			runId,
			outcome: 'stopping'
		});
		const last = (await finished).at(-1);
		expect(last).toMatchObject({
			type: 'finished',
			run: { id: runId, status: 'stopped', stoppedBy: 'Ada Lovelace', limitsHit: [] }
		});
		const run = last?.type === 'finished' ? last.run : null;
		expect(run!.runMs).toBeLessThan(runTimeMs);
		expect(run!.output.map((piece) => piece.text).join('')).toBe('looping\n');
		const [entry] = await caller.runs.history({ token: room.candidateToken });
		expect(entry).toMatchObject({ id: runId, status: 'stopped', stoppedBy: 'Ada Lovelace' });
	});
});
