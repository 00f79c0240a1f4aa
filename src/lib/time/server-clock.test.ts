import { describe, expect, it } from 'vitest';
import { msUntil, serverOffsetMs } from './server-clock';

describe('serverOffsetMs', () => {
	it("reads the server's time as of halfway through the request", () => {
		const sentAt = Date.parse('2030-05-01T12:00:00.000Z');
		const receivedAt = sentAt + 400;
		expect(serverOffsetMs('2030-05-01T12:05:00.200Z', sentAt, receivedAt)).toBe(5 * 60_000);
		expect(serverOffsetMs('2030-05-01T11:59:00.200Z', sentAt, receivedAt)).toBe(-60_000);
	});
});

describe('msUntil', () => {
	const opensAt = '2030-05-01T12:15:00.000Z';
	const browserNow = Date.parse('2030-05-01T12:10:00.000Z');

	it('counts down by the server clock, not the browser clock', () => {
		expect(msUntil(opensAt, 0, browserNow)).toBe(5 * 60_000);
		// The browser is two minutes slow: the room opens two minutes sooner by its clock.
		expect(msUntil(opensAt, 2 * 60_000, browserNow)).toBe(3 * 60_000);
	});

	it('stops at zero once the time has come', () => {
		expect(msUntil(opensAt, 5 * 60_000, browserNow)).toBe(0);
		expect(msUntil(opensAt, 0, browserNow + 6 * 60_000)).toBe(0);
	});
});
