import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setLogLevel } from '../../server-common/logger';
import { createTestServices } from './test-support/caller';
import { nonce, openTestDatabase } from './test-support/database';
import { useTestServices, useTrpcServer } from './test-support/services';
import {
	postJson,
	serveTrpc,
	type TrpcErrorBody,
	type TrpcTestServer
} from './test-support/trpc-server';
import { captureWarnings } from './test-support/upgrade-server';
import { publicProcedure, router } from './trpc';

const password = 'correct horse battery';
const secret = `s3cret-${nonce()}`;

const setup = useTestServices();
const server = useTrpcServer(setup);
let sessionCookie: string;

/** Procedures that fail the way bugs do: a failed query with parameters, a plain Error. */
const faultyRouter = router({
	failedQuery: publicProcedure.query(({ ctx }) =>
		ctx.services.db.execute(sql`select id from users where id = ${secret}::uuid`)
	),
	plainError: publicProcedure.mutation(() => {
		throw new Error(`cannot reach ${secret}`);
	})
});

beforeAll(async () => {
	const response = await postJson(server, 'auth.signUp', {
		email: `errors-${nonce()}@example.com`,
		password,
		name: 'Ada Lovelace'
	});
	sessionCookie = response.headers.get('set-cookie')!.split(';')[0]!;
});

afterEach(() => {
	vi.restoreAllMocks();
	setLogLevel('silent');
});

interface CreatedRoom {
	result: { data: { id: string; inviteToken: string } };
}

const signedIn = { cookie: () => ({ cookie: sessionCookie }) };

async function errorOf(response: Response) {
	return { status: response.status, body: (await response.json()) as TrpcErrorBody };
}

describe('hostile: NUL bytes and impossible times are bad input (400), not a failed query', () => {
	it('refuses a NUL in a sign-up name', async () => {
		const { status, body } = await errorOf(
			await postJson(server, 'auth.signUp', {
				email: `nul-${nonce()}@example.com`,
				password,
				name: 'Ada\u0000Lovelace'
			})
		);
		expect(status).toBe(400);
		expect(body.error.message).toBe('name: Name must not contain control characters');
	});

	it('refuses a NUL in an interview title and in a scheduled candidate name', async () => {
		const title = await errorOf(
			await postJson(
				server,
				'rooms.create',
				{ title: 'Pairing\u0000', language: 'python' },
				signedIn.cookie()
			)
		);
		expect(title.status).toBe(400);
		expect(title.body.error.message).toBe('title: Title must not contain control characters');

		const candidate = await errorOf(
			await postJson(
				server,
				'rooms.create',
				{
					title: 'Pairing',
					language: 'python',
					schedule: {
						startsAt: '2030-01-31T14:00:00Z',
						durationMinutes: 45,
						candidateName: 'Alan\u0000'
					}
				},
				signedIn.cookie()
			)
		);
		expect(candidate.status).toBe(400);
		expect(candidate.body.error.message).toBe(
			'schedule.candidateName: Name must not contain control characters'
		);
	});

	it('refuses a NUL in the name a candidate joins with', async () => {
		const created = await postJson(
			server,
			'rooms.create',
			{ title: 'Pairing', language: 'python' },
			signedIn.cookie()
		);
		const { id, inviteToken } = ((await created.json()) as CreatedRoom).result.data;
		const { status, body } = await errorOf(
			await postJson(server, 'rooms.join', { id, name: 'Mallory\u0000', invite: inviteToken })
		);
		expect(status).toBe(400);
		expect(body.error.message).toBe('name: Name must not contain control characters');
	});

	it('refuses a schedule whose start is past the range of Date', async () => {
		const { status, body } = await errorOf(
			await postJson(
				server,
				'rooms.create',
				{
					title: 'Far future',
					language: 'python',
					schedule: {
						startsAt: '9999-12-31T23:59:59-23:59',
						durationMinutes: 45,
						candidateName: 'Alan'
					}
				},
				signedIn.cookie()
			)
		);
		expect(status).toBe(400);
		expect(body.error.message).toBe(
			'schedule.startsAt: Start must be between 2020-01-01T00:00:00.000Z and 2100-01-01T00:00:00.000Z'
		);
	});
});

describe('hostile: internal errors answer with an id only', () => {
	let faulty: TrpcTestServer;
	/** A coordinator whose setup.database is closed under it. */
	let broken: TrpcTestServer;
	beforeAll(async () => {
		faulty = await serveTrpc(setup.services, { router: faultyRouter });
		const closing = await openTestDatabase();
		broken = await serveTrpc(createTestServices(closing.db));
		await closing.close();
	});
	afterAll(async () => {
		await faulty?.close();
		await broken?.close();
	});

	/** The answer must say nothing about the error; the log must say it all, under the id. */
	function expectOpaque(text: string, log: string[]) {
		const id = /Internal error \(id ([0-9a-f]{8})\)/.exec(text)?.[1];
		expect(id, text).toBeDefined();
		for (const leak of [secret, 'select', 'users', 'params', 'stack', '    at ', '.ts:']) {
			expect(text, `the answer contains ${leak}`).not.toContain(leak);
		}
		const entry = log.find((line) => line.includes(`Internal error (id ${id})`));
		expect(entry, 'no log line with the id').toBeDefined();
		return entry!;
	}

	it('a failed query: 500, no SQL, no parameter, no stack; the log has the query', async () => {
		const log = captureWarnings();

		const response = await fetch(`${faulty.url}/failedQuery`);

		expect(response.status).toBe(500);
		const text = await response.text();
		expect((JSON.parse(text) as TrpcErrorBody).error.data.code).toBe('INTERNAL_SERVER_ERROR');
		const entry = expectOpaque(text, log);
		expect(entry).toContain('select id from users');
		expect(entry).toContain(secret);
		expect(entry).toContain('at ');
	});

	it('a plain Error thrown by a procedure: the same', async () => {
		const log = captureWarnings();
		const response = await postJson(faulty, 'plainError', null);
		expect(response.status).toBe(500);
		expect(expectOpaque(await response.text(), log)).toContain(`cannot reach ${secret}`);
	});

	it('the setup.database closed under the handler: the same', async () => {
		const log = captureWarnings();
		const response = await postJson(broken, 'auth.signUp', {
			email: `closed-${nonce()}@example.com`,
			password,
			name: 'Ada'
		});
		expect(response.status).toBe(500);
		expectOpaque(await response.text(), log);
	});

	it('keeps the message of a deliberate error', async () => {
		const response = await fetch(`${server.url}/rooms.list`);
		const { status, body } = await errorOf(response);
		expect(status).toBe(401);
		expect(body.error.message).toBe('Sign in first');
		expect(JSON.stringify(body)).not.toContain('stack');
	});
});
