import { beforeEach, describe, expect, it } from 'vitest';
import type { TrustProxy } from '../auth/client-address';
import { createThrottles, loginLimits, roomPasswordLimits } from '../auth/throttles';
import { callerFor } from '../test-support/caller';
import { nonce } from '../test-support/database';
import {
	signUpInterviewer,
	testPassword,
	useTestServices,
	useTrpcServer
} from '../test-support/services';
import { postJson, type TrpcTestServer } from '../test-support/trpc-server';
import { maxCallsPerBatch } from '../../../src/lib/protocol/batching';

const password = testPassword;
const roomPassword = 'open sesame';

const setup = useTestServices();
const trustProxy: TrustProxy = { kind: 'addresses', addresses: ['loopback'] };
/** The real handler, believing X-Forwarded-For from loopback: each test picks its addresses. */
const server = useTrpcServer(setup, { trustProxy });
/** The same with a batch limit lifted, to show the throttle itself holds inside any batch. */
const lifted = useTrpcServer(setup, { trustProxy, bounds: { maxBatchSize: 100 } });
/** The same trusting no proxy, as by default. */
const direct = useTrpcServer(setup);

// Every test starts with fresh counters, as a coordinator just started would.
beforeEach(() => {
	setup.services.throttles = createThrottles();
});

let addressCounter = 0;
/** A documentation address (RFC 5737) no other test uses. */
const freshAddress = () => `198.51.100.${++addressCounter}`;

interface BatchItem {
	result?: { data: unknown };
	error?: { message: string; data: { code: string; httpStatus: number } };
}

const account = () => signUpInterviewer(setup.services);

/** One batched request of `inputs`, all to `path`, from `address`. */
async function batch(target: TrpcTestServer, path: string, inputs: unknown[], address: string) {
	const paths = inputs.map(() => path).join(',');
	const response = await postJson(
		target,
		`${paths}?batch=1`,
		Object.fromEntries(inputs.map((input, i) => [i, input])),
		{ 'x-forwarded-for': address }
	);
	return {
		response,
		items: response.ok || response.status !== 400 ? ((await response.json()) as BatchItem[]) : []
	};
}

const codes = (items: BatchItem[]) => items.map((item) => item.error?.data.code ?? 'OK');
const count = (values: string[], value: string) => values.filter((v) => v === value).length;

describe('hostile: password guessing in one batched request', () => {
	it('60 wrong logins and the right one in one batch: the right one is refused as throttled', async () => {
		const user = await account();
		const wrong = Array.from({ length: 60 }, (_, i) => ({
			email: user.email,
			password: `wrong guess ${i}`
		}));

		const { response, items } = await batch(
			lifted,
			'auth.logIn',
			[...wrong, { email: user.email, password }],
			freshAddress()
		);

		const outcome = codes(items);
		expect(outcome.at(-1)).toBe('TOO_MANY_REQUESTS');
		expect(count(outcome, 'UNAUTHORIZED')).toBe(loginLimits.addressAndEmail.points);
		expect(count(outcome, 'TOO_MANY_REQUESTS')).toBe(61 - loginLimits.addressAndEmail.points);
		expect(response.headers.get('set-cookie')).toBeNull();
	});

	it('with the default bounds such a batch is refused whole before any guess is checked', async () => {
		const user = await account();
		const guesses = Array.from({ length: 61 }, (_, i) => ({
			email: user.email,
			password: `wrong guess ${i}`
		}));

		const { response } = await batch(server, 'auth.logIn', guesses, freshAddress());

		expect(response.status).toBe(400);
		// Nothing was counted: the owner's first attempt from that address still goes through.
		await expect(
			callerFor(setup.services).caller.auth.logIn({ email: user.email, password })
		).resolves.toEqual(user);
	});

	it('the same for a room password: the right one at the end of a full batch is refused', async () => {
		const { id, inviteToken } = await roomWithPassword();
		const join = (guess: string) => ({ id, name: 'Mallory', invite: inviteToken, password: guess });
		const guesses = Array.from({ length: maxCallsPerBatch - 1 }, (_, i) =>
			join(`wrong guess ${i}`)
		);

		const { items } = await batch(
			server,
			'rooms.join',
			[...guesses, join(roomPassword)],
			freshAddress()
		);

		const outcome = codes(items);
		expect(outcome.at(-1)).toBe('TOO_MANY_REQUESTS');
		expect(count(outcome, 'UNAUTHORIZED')).toBe(roomPasswordLimits.roomAndAddress.points);
		expect(items.at(-1)!.error!.message).toMatch(
			/^Too many password attempts for this interview; try again in \d+ s$/
		);
	});
});

async function roomWithPassword() {
	const owner = await account();
	return callerFor(setup.services, owner).caller.rooms.create({
		title: `Room ${nonce()}`,
		language: 'python',
		password: roomPassword
	});
}

/** `attempts` requests at once from `address`, then one more; the statuses of all. */
async function burstThen(
	target: TrpcTestServer,
	path: string,
	attempts: unknown[],
	last: unknown,
	address: string
) {
	const send = (input: unknown) => postJson(target, path, input, { 'x-forwarded-for': address });
	const burst = await Promise.all(attempts.map(send));
	const final = await send(last);
	return { burst: burst.map((response) => response.status), final };
}

describe('hostile: password guessing in concurrent requests', () => {
	it('30 concurrent wrong logins, then the right one: refused as throttled', async () => {
		const user = await account();
		const wrong = Array.from({ length: 30 }, (_, i) => ({
			email: user.email,
			password: `wrong guess ${i}`
		}));

		const { burst, final } = await burstThen(
			server,
			'auth.logIn',
			wrong,
			{ email: user.email, password },
			freshAddress()
		);

		expect(count(burst.map(String), '401')).toBe(loginLimits.addressAndEmail.points);
		expect(count(burst.map(String), '429')).toBe(30 - loginLimits.addressAndEmail.points);
		expect(final.status).toBe(429);
		expect(final.headers.get('set-cookie')).toBeNull();
	});

	it('30 concurrent wrong room passwords, then the right one: refused as throttled', async () => {
		const { id, inviteToken } = await roomWithPassword();
		const join = (guess: string) => ({ id, name: 'Mallory', invite: inviteToken, password: guess });

		const { burst, final } = await burstThen(
			server,
			'rooms.join',
			Array.from({ length: 30 }, (_, i) => join(`wrong guess ${i}`)),
			join(roomPassword),
			freshAddress()
		);

		expect(count(burst.map(String), '401')).toBe(roomPasswordLimits.roomAndAddress.points);
		expect(final.status).toBe(429);
		// Someone else, elsewhere, still gets in with the password.
		const candidate = await postJson(server, 'rooms.join', join(roomPassword), {
			'x-forwarded-for': freshAddress()
		});
		expect(candidate.status).toBe(200);
	});
});

describe('hostile: one address flooding one account', () => {
	it('does not lock the owner out from another address', async () => {
		const user = await account();
		const attacker = freshAddress();
		const flood = Array.from({ length: 150 }, (_, i) => ({
			email: user.email,
			password: `wrong guess ${i}`
		}));

		const { burst, final } = await burstThen(
			server,
			'auth.logIn',
			flood,
			{ email: user.email, password },
			attacker
		);
		expect(count(burst.map(String), '401')).toBe(loginLimits.addressAndEmail.points);
		expect(final.status).toBe(429);

		const owner = await postJson(
			server,
			'auth.logIn',
			{ email: user.email, password },
			{
				'x-forwarded-for': freshAddress()
			}
		);
		expect(owner.status).toBe(200);
		expect(owner.headers.get('set-cookie')).toMatch(/^pairdesk_session=/);
	});

	it('cannot dodge the limit by writing X-Forwarded-For when no proxy is trusted', async () => {
		const user = await account();
		const guesses = Array.from({ length: loginLimits.addressAndEmail.points }, (_, i) =>
			postJson(
				direct,
				'auth.logIn',
				{ email: user.email, password: `wrong guess ${i}` },
				{
					'x-forwarded-for': freshAddress()
				}
			)
		);
		expect((await Promise.all(guesses)).map((response) => response.status)).not.toContain(429);

		const next = await postJson(
			direct,
			'auth.logIn',
			{ email: user.email, password },
			{
				'x-forwarded-for': freshAddress()
			}
		);
		expect(next.status).toBe(429);
	});
});
