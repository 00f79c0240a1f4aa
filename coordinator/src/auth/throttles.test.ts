import { RateLimiterMemory } from 'rate-limiter-flexible';
import { describe, expect, it } from 'vitest';
import { AttemptThrottle, type AttemptLimit } from './attempt-throttle';
import { addressBlock, createThrottles, loginKeys, loginLimits } from './throttles';

const limit = (points: number, onSuccess: AttemptLimit['onSuccess'] = 'refund'): AttemptLimit => ({
	points,
	durationSeconds: 60,
	blockSeconds: 60,
	onSuccess
});

describe('AttemptThrottle', () => {
	it('counts each attempt under every limit, and refuses at the first spent one', async () => {
		const throttle = new AttemptThrottle({ narrow: limit(2), wide: limit(3) });
		const keys = { narrow: 'a', wide: 'w' };

		expect(await throttle.consume(keys)).toEqual({ allowed: true });
		expect(await throttle.consume(keys)).toEqual({ allowed: true });
		expect(await throttle.consume(keys)).toEqual({ allowed: false, retryAfterMs: 60_000 });
		// The refusal charged nothing past the narrow limit: the wide one has room left.
		expect(await throttle.consume({ narrow: 'b', wide: 'w' })).toEqual({ allowed: true });
		expect((await throttle.consume({ narrow: 'c', wide: 'w' })).allowed).toBe(false);
	});

	it('is atomic: of many attempts at once, exactly the limit pass', async () => {
		const throttle = new AttemptThrottle({ only: limit(10) });
		const verdicts = await Promise.all(
			Array.from({ length: 100 }, () => throttle.consume({ only: 'k' }))
		);
		expect(verdicts.filter((verdict) => verdict.allowed)).toHaveLength(10);
	});

	it('resets or refunds on success, as each limit says', async () => {
		const throttle = new AttemptThrottle({ reset: limit(2, 'reset'), refund: limit(3) });
		const keys = { reset: 'r', refund: 'f' };
		await throttle.consume(keys);
		await throttle.consume(keys);

		await throttle.succeeded(keys);

		// `reset` starts over (2 more); `refund` gave back one of its two (so 2 more as well).
		expect((await throttle.consume(keys)).allowed).toBe(true);
		expect((await throttle.consume(keys)).allowed).toBe(true);
		expect((await throttle.consume(keys)).allowed).toBe(false);
	});

	it('rejects when its store fails, rather than letting the attempt through', async () => {
		const failing = new RateLimiterMemory({ points: 1, duration: 1 });
		failing.consume = () => Promise.reject(new Error('store unreachable'));
		const throttle = new AttemptThrottle({ only: limit(1) }, () => failing);
		await expect(throttle.consume({ only: 'k' })).rejects.toThrow('store unreachable');
	});
});

describe('hostile: the login limits', () => {
	it('one address flooding one account spends only its own share of the account’s limit', async () => {
		const { login } = createThrottles();
		for (let attempt = 0; attempt < 1000; attempt++) {
			await login.consume(loginKeys('203.0.113.66', 'ada@example.com'));
		}
		expect((await login.consume(loginKeys('198.51.100.7', 'ada@example.com'))).allowed).toBe(true);
	});

	it('many addresses together still meet the per-account limit', async () => {
		const { login } = createThrottles();
		const perAddress = loginLimits.addressAndEmail.points;
		const addresses = loginLimits.email.points / perAddress;
		for (let address = 0; address < addresses; address++) {
			for (let attempt = 0; attempt < perAddress; attempt++) {
				await login.consume(loginKeys(`203.0.113.${address}`, 'ada@example.com'));
			}
		}
		expect((await login.consume(loginKeys('198.51.100.7', 'ada@example.com'))).allowed).toBe(false);
		expect((await login.consume(loginKeys('198.51.100.7', 'grace@example.com'))).allowed).toBe(
			true
		);
	});

	it('counts the addresses of one IPv6 /64 as one client', async () => {
		const { login } = createThrottles();
		for (let host = 0; host < loginLimits.addressAndEmail.points; host++) {
			await login.consume(loginKeys(`2001:db8:1:2::${host.toString(16)}`, 'ada@example.com'));
		}
		expect(
			(await login.consume(loginKeys('2001:db8:1:2:ffff::1', 'ada@example.com'))).allowed
		).toBe(false);
		expect((await login.consume(loginKeys('2001:db8:1:3::1', 'ada@example.com'))).allowed).toBe(
			true
		);
	});
});

describe('addressBlock', () => {
	it('keeps IPv4 addresses and cuts IPv6 ones to their /64', () => {
		expect(addressBlock('198.51.100.7')).toBe('198.51.100.7');
		expect(addressBlock('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
		expect(addressBlock('2001:DB8:0001:2::7')).toBe('2001:db8:1:2::/64');
		expect(addressBlock('2001:db8::1')).toBe('2001:db8:0:0::/64');
		expect(addressBlock('::1')).toBe('0:0:0:0::/64');
		expect(addressBlock('unknown')).toBe('unknown');
	});
});
