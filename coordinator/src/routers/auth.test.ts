import type { AddressInfo } from 'node:net';
import { createHTTPServer } from '@trpc/server/adapters/standalone';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isSessionActive } from '../auth/sessions';
import { createThrottles, loginLimits } from '../auth/throttles';
import { sessionTtlSeconds } from '../auth/tokens';
import { createContextFactory, sessionCookieName } from '../context';
import { usersTable } from '../db/schema';
import { callerFor, createTestServices, trpcErrorOf } from '../test-support/caller';
import { nonce } from '../test-support/database';
import { useTestServices } from '../test-support/services';
import { postJson, serveTrpc, type TrpcTestServer } from '../test-support/trpc-server';
import { appRouter } from './_app';

const password = 'correct horse battery';

const setup = useTestServices();

const freshEmail = () => `auth-${nonce()}@example.com`;

async function signUp(email = freshEmail(), name = 'Ada Lovelace') {
	return callerFor(setup.services).caller.auth.signUp({ email, password, name });
}

describe('auth.signUp', () => {
	it('creates the account and sets a session cookie that names the new user', async () => {
		const email = freshEmail();
		const { caller, sessionCookie } = callerFor(setup.services);

		const user = await caller.auth.signUp({ email, password, name: 'Ada Lovelace' });

		expect(user).toEqual({ id: expect.any(String), email, name: 'Ada Lovelace' });
		expect(sessionCookie.sets).toHaveLength(1);
		expect(sessionCookie.sets[0]!.maxAgeSeconds).toBe(sessionTtlSeconds);
		await expect(
			setup.services.tokens.verifySession(sessionCookie.sets[0]!.token)
		).resolves.toEqual({
			user,
			sessionId: expect.any(String)
		});
	});

	it('stores a hash, never the password itself', async () => {
		const user = await signUp();
		const [row] = await setup.services.db
			.select({ passwordHash: usersTable.passwordHash })
			.from(usersTable)
			.where(eq(usersTable.id, user.id));
		expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
		expect(row!.passwordHash).not.toContain(password);
	});

	it('refuses a second account for the same email with CONFLICT naming the email', async () => {
		const email = freshEmail();
		await signUp(email);
		const { caller, sessionCookie } = callerFor(setup.services);

		const error = await trpcErrorOf(
			caller.auth.signUp({ email, password: 'another password', name: 'Impostor' })
		);

		expect(error.code).toBe('CONFLICT');
		expect(error.message).toContain(`'${email}'`);
		expect(sessionCookie.sets).toEqual([]);
	});

	it('treats the email case-insensitively and stores it lower-case', async () => {
		const lower = freshEmail();
		const mixed = lower.replace('auth-', 'Auth-').replace('example.com', 'Example.COM');

		const user = await signUp(mixed);

		expect(user.email).toBe(lower);
		const [row] = await setup.services.db
			.select({ email: usersTable.email })
			.from(usersTable)
			.where(eq(usersTable.id, user.id));
		expect(row!.email).toBe(lower);
		expect((await trpcErrorOf(signUp(lower))).code).toBe('CONFLICT');
		const { caller } = callerFor(setup.services);
		await expect(caller.auth.logIn({ email: lower.toUpperCase(), password })).resolves.toEqual(
			user
		);
	});

	it.each([
		{ field: 'password', input: { email: 'short@example.com', password: 'seven77', name: 'Ada' } },
		{ field: 'email', input: { email: 'not-an-email', password, name: 'Ada' } },
		{ field: 'name', input: { email: 'blank@example.com', password, name: '   ' } }
	])(
		'rejects a bad $field with BAD_REQUEST (HTTP 400) naming the field',
		async ({ field, input }) => {
			const { caller, sessionCookie } = callerFor(setup.services);

			const error = await trpcErrorOf(caller.auth.signUp(input));

			expect(error.code).toBe('BAD_REQUEST');
			expect(getHTTPStatusCodeFromError(error)).toBe(400);
			expect(error.message).toContain(field);
			expect(sessionCookie.sets).toEqual([]);
		}
	);
});

describe('auth over HTTP', () => {
	let server: ReturnType<typeof createHTTPServer>;
	let baseUrl: string;

	beforeAll(async () => {
		server = createHTTPServer({
			router: appRouter,
			createContext: createContextFactory(setup.services)
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});

	afterAll(() => new Promise<void>((resolve) => server?.close(() => resolve())));

	const post = (path: string, body: unknown) =>
		fetch(`${baseUrl}/${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});

	it('answers bad sign-up input with 400 and a readable "field: message" error', async () => {
		const response = await post('auth.signUp', { email: 'nope', password: 'x', name: '' });

		expect(response.status).toBe(400);
		const body = (await response.json()) as { error: { message: string; data: { code: string } } };
		expect(body.error.data.code).toBe('BAD_REQUEST');
		expect(body.error.message).toContain('email');
		expect(body.error.message).toContain('Password must be at least 8 characters');
		expect(body.error.message).toContain('name: Name must not be empty');
		expect(response.headers.get('set-cookie')).toBeNull();
	});

	it('sets an HttpOnly session cookie that later requests are signed in with', async () => {
		const email = freshEmail();
		const response = await post('auth.signUp', { email, password, name: 'Grace Hopper' });
		expect(response.status).toBe(200);
		const setCookie = response.headers.get('set-cookie') ?? '';
		expect(setCookie).toMatch(new RegExp(`^${sessionCookieName}=[^;]+;`));
		expect(setCookie).toMatch(/HttpOnly/i);
		expect(setCookie).toMatch(/SameSite=Lax/i);

		const me = await fetch(`${baseUrl}/auth.me`, {
			headers: { cookie: setCookie.split(';')[0]! }
		});
		const body = (await me.json()) as { result: { data: { email: string; name: string } } };
		expect(body.result.data).toMatchObject({ email, name: 'Grace Hopper' });
	});

	it('treats a forged session cookie as signed out', async () => {
		const me = await fetch(`${baseUrl}/auth.me`, {
			headers: { cookie: `${sessionCookieName}=forged.token.value` }
		});
		expect(me.status).toBe(200);
		expect(((await me.json()) as { result: { data: unknown } }).result.data).toBeNull();
	});
});

describe('auth.logIn', () => {
	it('signs in with the right password and sets the session cookie', async () => {
		const user = await signUp();
		const { caller, sessionCookie } = callerFor(setup.services);

		await expect(caller.auth.logIn({ email: user.email, password })).resolves.toEqual(user);

		expect(sessionCookie.sets).toHaveLength(1);
		await expect(
			setup.services.tokens.verifySession(sessionCookie.sets[0]!.token)
		).resolves.toEqual({
			user,
			sessionId: expect.any(String)
		});
	});

	it('refuses a wrong password with UNAUTHORIZED', async () => {
		const user = await signUp();
		const { caller, sessionCookie } = callerFor(setup.services);

		const error = await trpcErrorOf(
			caller.auth.logIn({ email: user.email, password: 'wrong password' })
		);

		expect(error.code).toBe('UNAUTHORIZED');
		expect(error.message).toBe('Wrong email or password');
		expect(sessionCookie.sets).toEqual([]);
	});

	it('refuses an unknown email with the same error as a wrong password', async () => {
		const { caller, sessionCookie } = callerFor(setup.services);

		const error = await trpcErrorOf(caller.auth.logIn({ email: freshEmail(), password }));

		expect(error.code).toBe('UNAUTHORIZED');
		expect(error.message).toBe('Wrong email or password');
		expect(sessionCookie.sets).toEqual([]);
	});

	it('refuses the 11th attempt from one address for one email, even the right one, until the block passes', async () => {
		const throttled = createTestServices(setup.database.db, { throttles: createThrottles() });
		const user = await signUp();
		const { caller } = callerFor(throttled);
		for (let attempt = 1; attempt <= loginLimits.addressAndEmail.points; attempt++) {
			const error = await trpcErrorOf(
				caller.auth.logIn({ email: user.email, password: 'wrong password' })
			);
			expect(error.code).toBe('UNAUTHORIZED');
		}

		const blocked = await trpcErrorOf(caller.auth.logIn({ email: user.email, password }));
		expect(blocked.code).toBe('TOO_MANY_REQUESTS');
		expect(blocked.message).toBe('Too many login attempts; try again in 900 s');
		expect(getHTTPStatusCodeFromError(blocked)).toBe(429);

		// Another account is not affected by this email's failures.
		const other = await signUp();
		await expect(caller.auth.logIn({ email: other.email, password })).resolves.toEqual(other);

		vi.useFakeTimers({ toFake: ['Date'] });
		try {
			vi.setSystemTime(Date.now() + loginLimits.addressAndEmail.blockSeconds * 1000 + 1);
			await expect(caller.auth.logIn({ email: user.email, password })).resolves.toEqual(user);
		} finally {
			vi.useRealTimers();
		}
	});

	it('starts the count over for an address and email once the right password gets in', async () => {
		const throttled = createTestServices(setup.database.db, { throttles: createThrottles() });
		const user = await signUp();
		const { caller } = callerFor(throttled);
		const wrong = () => trpcErrorOf(caller.auth.logIn({ email: user.email, password: 'wrong!!!' }));
		for (let attempt = 1; attempt < loginLimits.addressAndEmail.points; attempt++) await wrong();

		await expect(caller.auth.logIn({ email: user.email, password })).resolves.toEqual(user);

		for (let attempt = 1; attempt < loginLimits.addressAndEmail.points; attempt++) {
			expect((await wrong()).code).toBe('UNAUTHORIZED');
		}
	});
});

describe('auth.logOut and auth.me', () => {
	it('logOut revokes the session and clears the session cookie', async () => {
		const user = await signUp();
		const { caller: loggingIn, sessionCookie: issued } = callerFor(setup.services);
		await loggingIn.auth.logIn({ email: user.email, password });
		const { sessionId } = await setup.services.tokens.verifySession(issued.sets[0]!.token);
		const { caller, sessionCookie } = callerFor(setup.services, user, { sessionId });

		await expect(caller.auth.logOut()).resolves.toEqual({ ok: true });

		expect(sessionCookie.clears).toBe(1);
		expect(sessionCookie.sets).toEqual([]);
		expect(await isSessionActive(setup.services.db, sessionId, user.id, new Date())).toBe(false);
	});

	it('me is null when signed out and the user when signed in', async () => {
		const user = await signUp();

		await expect(callerFor(setup.services).caller.auth.me()).resolves.toBeNull();
		await expect(callerFor(setup.services, user).caller.auth.me()).resolves.toEqual(user);
	});
});

describe('hostile: logging out', () => {
	let server: TrpcTestServer;

	beforeAll(async () => {
		server = await serveTrpc(setup.services);
	});

	afterAll(() => server?.close());

	/** The `name=value` of the session cookie a response sets. */
	const cookieOf = (response: Response) => response.headers.get('set-cookie')!.split(';')[0]!;

	const listRooms = (cookie: string) =>
		fetch(`${server.url}/rooms.list`, { headers: { cookie } }).then((response) => response.status);

	async function signedInCookie(email = freshEmail()) {
		const response = await postJson(server, 'auth.signUp', { email, password, name: 'Ada' });
		expect(response.status).toBe(200);
		return { email, cookie: cookieOf(response) };
	}

	it('refuses the old cookie for authed procedures once its session logged out', async () => {
		const { cookie } = await signedInCookie();
		expect(await listRooms(cookie)).toBe(200);

		const logOut = await postJson(server, 'auth.logOut', null, { cookie });
		expect(logOut.status).toBe(200);

		// A copy of the cookie, kept by whoever had it, is worth nothing now.
		expect(await listRooms(cookie)).toBe(401);
		const me = await fetch(`${server.url}/auth.me`, { headers: { cookie } });
		expect(((await me.json()) as { result: { data: unknown } }).result.data).toBeNull();
	});

	it('leaves the user’s other sessions signed in', async () => {
		const { email, cookie: first } = await signedInCookie();
		const second = cookieOf(await postJson(server, 'auth.logIn', { email, password }));

		await postJson(server, 'auth.logOut', null, { cookie: first });

		expect(await listRooms(first)).toBe(401);
		expect(await listRooms(second)).toBe(200);
	});

	it('does not log out on a cross-site form post: only a JSON POST does', async () => {
		const { cookie } = await signedInCookie();

		const form = new FormData();
		form.set('x', '1');
		const refused = await fetch(`${server.url}/auth.logOut`, {
			method: 'POST',
			headers: { cookie },
			body: form
		});

		expect(refused.status).toBe(415);
		expect(await listRooms(cookie)).toBe(200);
	});

	it('signs nobody in with a well-signed token whose session was never opened', async () => {
		const { cookie } = await signedInCookie();
		const { user } = await setup.services.tokens.verifySession(cookie.split('=')[1]!);
		const stray = await setup.services.tokens.signSession(user);

		expect(await listRooms(`${sessionCookieName}=${stray}`)).toBe(401);
	});
});
