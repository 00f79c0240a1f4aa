import { describe, expect, it } from 'vitest';
import { timeAtFraction, timeFraction } from './time-scale';

describe('the time scale', () => {
	const span = { start: 10_000, end: 70_000 };

	it('maps the span onto 0…1 and back', () => {
		expect(timeFraction(span, 10_000)).toBe(0);
		expect(timeFraction(span, 25_000)).toBe(0.25);
		expect(timeFraction(span, 70_000)).toBe(1);
		expect(timeAtFraction(span, timeFraction(span, 41_234))).toBeCloseTo(41_234, 6);
	});

	it('stays inside the span, and at its start when it has no length', () => {
		expect(timeFraction(span, 0)).toBe(0);
		expect(timeFraction(span, 99_000)).toBe(1);
		expect(timeAtFraction(span, 1.5)).toBe(70_000);
		expect(timeFraction({ start: 5, end: 5 }, 5)).toBe(0);
	});
});
