import { describe, expect, it } from 'vitest';
import { formatDuration, formatTime, isoTime, noTime, spokenPosition } from './format';

const utcClock = new Intl.DateTimeFormat('en-GB', { timeStyle: 'medium', timeZone: 'UTC' });

describe('formatTime', () => {
	it('writes a moment with the given format', () => {
		expect(formatTime(Date.UTC(2026, 0, 5, 9, 3, 7), utcClock)).toBe('09:03:07');
	});

	it.each([9e15, -9e15, Number.NaN, Number.POSITIVE_INFINITY])(
		'shows "—" for %s instead of throwing',
		(ms) => {
			expect(() => utcClock.format(ms)).toThrow(RangeError);
			expect(formatTime(ms, utcClock)).toBe(noTime);
		}
	);
});

describe('isoTime', () => {
	it('gives the ISO form of a moment, and nothing for what is none', () => {
		expect(isoTime(0)).toBe('1970-01-01T00:00:00.000Z');
		expect(() => new Date(9e15).toISOString()).toThrow(RangeError);
		expect(isoTime(9e15)).toBeUndefined();
		expect(isoTime(Number.NaN)).toBeUndefined();
	});
});

describe('formatDuration', () => {
	it('writes minutes and seconds, and hours when there are any', () => {
		expect(formatDuration(65_000)).toBe('1:05');
		expect(formatDuration(3_909_000)).toBe('1:05:09');
		expect(formatDuration(-5)).toBe('0:00');
	});

	it('shows "—" for what is no duration', () => {
		expect(formatDuration(Number.NaN)).toBe(noTime);
		expect(formatDuration(Number.POSITIVE_INFINITY)).toBe(noTime);
	});
});

describe('spokenPosition', () => {
	it('says where playback is in words a screen reader reads out', () => {
		expect(spokenPosition((3 * 60 + 12) * 1000, 25 * 60_000)).toBe('3 min 12 s of 25 min');
		expect(spokenPosition(0, 9_400)).toBe('0 s of 9 s');
		expect(spokenPosition(3_600_000 + 5_000, 2 * 3_600_000 + 60_000)).toBe('1 h 5 s of 2 h 1 min');
		expect(spokenPosition(-5, Number.NaN)).toBe('0 s of —');
	});
});
