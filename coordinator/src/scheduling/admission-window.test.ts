import { describe, expect, it } from 'vitest';
import type { RoomRole } from '../../../src/lib/protocol/rooms';
import {
	admissionVerdict,
	opensAt,
	opensBeforeStartMs,
	pastStartToleranceMs,
	startTimeProblem
} from './admission-window';

const start = new Date('2030-05-01T14:00:00Z');
const minutes = (count: number) => count * 60_000;

/** A clock the test sets by hand, relative to the scheduled start. */
function fakeClock() {
	let offsetMs = 0;
	return {
		now: () => new Date(start.getTime() + offsetMs),
		setToStartPlus(ms: number) {
			offsetMs = ms;
		}
	};
}

describe('opensAt', () => {
	it('is 15 minutes before the start, and null for an interview started at once', () => {
		expect(opensBeforeStartMs).toBe(minutes(15));
		expect(opensAt(start)).toEqual(new Date('2030-05-01T13:45:00Z'));
		expect(opensAt(null)).toBeNull();
	});
});

describe('admissionVerdict', () => {
	const scheduled = { scheduledAt: start, status: 'open' as const };

	it.each<RoomRole>(['candidate', 'observer'])(
		'keeps a %s out until T−15, then lets them in',
		(role) => {
			const clock = fakeClock();
			clock.setToStartPlus(-minutes(60));
			expect(admissionVerdict(scheduled, role, clock.now())).toEqual({
				open: false,
				reason: 'not-yet',
				opensAt: new Date('2030-05-01T13:45:00Z')
			});
			clock.setToStartPlus(-minutes(15) - 1);
			expect(admissionVerdict(scheduled, role, clock.now()).open).toBe(false);

			clock.setToStartPlus(-minutes(15));
			expect(admissionVerdict(scheduled, role, clock.now())).toEqual({ open: true });
			clock.setToStartPlus(minutes(600));
			expect(admissionVerdict(scheduled, role, clock.now())).toEqual({ open: true });
		}
	);

	it('always lets the interviewer in, even long before the start or after the end', () => {
		const clock = fakeClock();
		clock.setToStartPlus(-minutes(24 * 60));
		expect(admissionVerdict(scheduled, 'interviewer', clock.now())).toEqual({ open: true });
		const ended = { scheduledAt: start, status: 'ended' as const };
		expect(admissionVerdict(ended, 'interviewer', clock.now())).toEqual({ open: true });
	});

	it('lets candidates into an unscheduled interview at once', () => {
		const clock = fakeClock();
		const now = { scheduledAt: null, status: 'open' as const };
		expect(admissionVerdict(now, 'candidate', clock.now())).toEqual({ open: true });
	});

	it('keeps candidates and observers out once the interview has ended', () => {
		const clock = fakeClock();
		const ended = { scheduledAt: start, status: 'ended' as const };
		expect(admissionVerdict(ended, 'candidate', clock.now())).toEqual({
			open: false,
			reason: 'ended'
		});
		expect(admissionVerdict({ ...ended, scheduledAt: null }, 'observer', clock.now()).open).toBe(
			false
		);
	});
});

describe('startTimeProblem', () => {
	it('accepts a future start and one just past, within the tolerance', () => {
		const clock = fakeClock();
		expect(startTimeProblem(new Date(start.getTime() + minutes(1)), clock.now())).toBeNull();
		expect(startTimeProblem(new Date(start.getTime() - pastStartToleranceMs), clock.now())).toBe(
			null
		);
	});

	it('refuses a start further in the past, naming both times', () => {
		const clock = fakeClock();
		const problem = startTimeProblem(new Date('2030-05-01T13:00:00Z'), clock.now());
		expect(problem).toBe(
			'The start time 2030-05-01T13:00:00.000Z is in the past (server time is 2030-05-01T14:00:00.000Z)'
		);
	});
});
