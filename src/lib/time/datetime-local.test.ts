import { describe, expect, it } from 'vitest';
import { fromDatetimeLocal, toDatetimeLocal } from './datetime-local';

describe('datetime-local values', () => {
	it('show an instant to the minute in local time, and read back as the same instant', () => {
		const instant = new Date('2030-05-01T13:45:00.000Z');
		const value = toDatetimeLocal(instant);
		expect(value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
		expect(fromDatetimeLocal(value)).toBe('2030-05-01T13:45:00.000Z');
	});

	it('refuse a value that is not a date and time', () => {
		expect(() => fromDatetimeLocal('')).toThrow("'' is not a date and time");
	});
});
