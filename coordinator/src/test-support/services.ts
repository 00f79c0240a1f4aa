import { afterAll, beforeAll } from 'vitest';
import type { SessionUser } from '../auth/tokens';
import type { Services } from '../context';
import type { OpenDatabase } from '../db/client';
import { callerFor, createTestServices, type TestServiceOptions } from './caller';
import { nonce, openTestDatabase } from './database';
import { serveTrpc, type TrpcTestServer } from './trpc-server';

/** What `useTestServices` set up; read it in tests and hooks, once `beforeAll` has run. */
export interface TestServices {
	readonly database: OpenDatabase;
	readonly services: Services;
}

/**
 * The coordinator's services (`createTestServices` with `options`) on the test database
 * (`openTestDatabase`), for the tests of one file: set up in `beforeAll`; in `afterAll`, once
 * pending session-log rebuilds are done, the database is closed.
 */
export function useTestServices(options: TestServiceOptions = {}): TestServices {
	let ready: TestServices | undefined;
	beforeAll(async () => {
		const database = await openTestDatabase();
		ready = { database, services: createTestServices(database.db, options) };
	});
	afterAll(async () => {
		await ready?.services.sessionLogs.flush();
		await ready?.database.close();
	});
	const current = () => {
		if (!ready)
			throw new Error('The test services are set up in beforeAll: use them in a test or a hook');
		return ready;
	};
	return {
		get database() {
			return current().database;
		},
		get services() {
			return current().services;
		}
	};
}

/**
 * The real tRPC handler on a free local port (`serveTrpc`) over `setup`'s services, for the
 * tests of one file: started in `beforeAll` (after `setup`'s) and closed in `afterAll`. Its
 * `url` and `port` are there once it started.
 */
export function useTrpcServer(
	setup: TestServices,
	options: Parameters<typeof serveTrpc>[1] = {}
): TrpcTestServer {
	let server: TrpcTestServer | undefined;
	beforeAll(async () => {
		server = await serveTrpc(setup.services, options);
	});
	afterAll(() => server?.close());
	const started = () => {
		if (!server) throw new Error('The test server starts in beforeAll: use it in a test or a hook');
		return server;
	};
	return {
		get url() {
			return started().url;
		},
		get port() {
			return started().port;
		},
		close: () => started().close()
	};
}

/** The password `signUpInterviewer` gives every account. */
export const testPassword = 'correct horse battery';

/** A fresh interviewer account, signed up through the router, with an email nobody has. */
export function signUpInterviewer(services: Services, name = 'Ada Lovelace'): Promise<SessionUser> {
	return callerFor(services).caller.auth.signUp({
		email: `interviewer-${nonce()}@example.com`,
		password: testPassword,
		name
	});
}
