import { describe, expect, it } from 'vitest';
import { LoginThrottle, type ThrottleOptions } from './login-throttle';

/** A throttle on a clock the test moves by hand. */
function throttleWithClock(options: Partial<ThrottleOptions> = {}) {
	const clock = { now: 5_000_000 };
	const throttle = new LoginThrottle({ now: () => clock.now, ...options });
	const fail = (key: string, times: number) => {
		for (let i = 0; i < times; i++) throttle.recordFailure(key);
	};
	return { throttle, clock, fail };
}

describe('LoginThrottle', () => {
	it('allows the free failures without any delay', () => {
		const { throttle, fail } = throttleWithClock();
		expect(throttle.check('ada')).toEqual({ allowed: true });

		fail('ada', 4);

		expect(throttle.check('ada')).toEqual({ allowed: true });
	});

	it('doubles the delay with each failure past the free ones: 1 s, 2 s, 4 s, 8 s', () => {
		const { throttle, fail } = throttleWithClock();
		fail('ada', 4);

		const delays = [];
		for (let i = 0; i < 4; i++) {
			fail('ada', 1);
			const verdict = throttle.check('ada');
			delays.push(verdict.allowed ? 0 : verdict.retryAfterMs);
		}

		expect(delays).toEqual([1000, 2000, 4000, 8000]);
	});

	it('counts the delay from the last failure and allows the attempt once it has passed', () => {
		const { throttle, clock, fail } = throttleWithClock();
		fail('ada', 6);

		clock.now += 1500;
		expect(throttle.check('ada')).toEqual({ allowed: false, retryAfterMs: 500 });

		clock.now += 500;
		expect(throttle.check('ada')).toEqual({ allowed: true });
	});

	it('caps the delay at maxDelayMs', () => {
		const { throttle, fail } = throttleWithClock({ maxDelayMs: 5000 });

		fail('ada', 5 + 3);
		expect(throttle.check('ada')).toEqual({ allowed: false, retryAfterMs: 5000 });

		fail('ada', 40);
		expect(throttle.check('ada')).toEqual({ allowed: false, retryAfterMs: 5000 });
	});

	it('honours freeFailures and baseDelayMs', () => {
		const { throttle, fail } = throttleWithClock({ freeFailures: 1, baseDelayMs: 250 });

		fail('ada', 1);

		expect(throttle.check('ada')).toEqual({ allowed: false, retryAfterMs: 250 });
	});

	it('starts over after a success', () => {
		const { throttle, fail } = throttleWithClock();
		fail('ada', 7);

		throttle.recordSuccess('ada');

		expect(throttle.check('ada')).toEqual({ allowed: true });
		fail('ada', 4);
		expect(throttle.check('ada')).toEqual({ allowed: true });
	});

	it('keeps keys apart', () => {
		const { throttle, fail } = throttleWithClock();
		fail('ada', 5);

		expect(throttle.check('ada').allowed).toBe(false);
		expect(throttle.check('grace')).toEqual({ allowed: true });
	});

	it('forgets a key after forgetAfterMs without failures, but not before', () => {
		const { throttle, clock, fail } = throttleWithClock({ forgetAfterMs: 60_000 });
		fail('ada', 5);

		// Past the delay but still remembered: the next failure doubles the delay.
		clock.now += 60_000;
		fail('ada', 1);
		expect(throttle.check('ada')).toEqual({ allowed: false, retryAfterMs: 2000 });

		clock.now += 60_001;
		expect(throttle.check('ada')).toEqual({ allowed: true });
		fail('ada', 4);
		expect(throttle.check('ada')).toEqual({ allowed: true });
	});

	it('tracks at most maxKeys keys, dropping the one with the oldest failure', () => {
		const { throttle, clock, fail } = throttleWithClock({ freeFailures: 0, maxKeys: 2 });
		fail('ada', 1);
		clock.now += 1;
		fail('grace', 1);
		clock.now += 1;
		// A new failure makes 'ada' the most recent again, so 'grace' is now the oldest.
		fail('ada', 1);
		clock.now += 1;

		fail('alan', 1);

		expect(throttle.check('grace')).toEqual({ allowed: true });
		expect(throttle.check('ada').allowed).toBe(false);
		expect(throttle.check('alan').allowed).toBe(false);
	});
});
