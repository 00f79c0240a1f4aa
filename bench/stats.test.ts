import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './stats';

describe('percentile', () => {
	const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

	it('uses the nearest rank', () => {
		expect(percentile(oneToHundred, 50)).toBe(50);
		expect(percentile(oneToHundred, 99)).toBe(99);
		expect(percentile(oneToHundred, 100)).toBe(100);
		expect(percentile([15, 20, 35, 40, 50], 30)).toBe(20);
		expect(percentile([15, 20, 35, 40, 50], 40)).toBe(20);
		expect(percentile([15, 20, 35, 40, 50], 50)).toBe(35);
	});

	it('rejects an empty sample and out-of-range percentiles', () => {
		expect(() => percentile([], 50)).toThrow(RangeError);
		expect(() => percentile([1], 0)).toThrow(RangeError);
		expect(() => percentile([1], 101)).toThrow(RangeError);
	});
});

describe('summarize', () => {
	it('sorts before ranking and reports the mean', () => {
		expect(summarize([3, 1, 2, 4])).toEqual({ samples: 4, p50: 2, p95: 4, p99: 4, mean: 2.5 });
	});
});
