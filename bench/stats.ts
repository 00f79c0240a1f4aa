/** p50/p95/p99 of a latency sample, in milliseconds. */
export interface LatencySummary {
	samples: number;
	p50: number;
	p95: number;
	p99: number;
	mean: number;
}

/** Nearest-rank percentile: the smallest value with at least `p`% of the sample at or below it. */
export function percentile(sorted: readonly number[], p: number): number {
	if (sorted.length === 0) throw new RangeError('percentile of an empty sample');
	if (p <= 0 || p > 100) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
	return sorted[Math.ceil((p / 100) * sorted.length) - 1]!;
}

export function summarize(values: readonly number[]): LatencySummary {
	const sorted = [...values].sort((a, b) => a - b);
	return {
		samples: sorted.length,
		p50: percentile(sorted, 50),
		p95: percentile(sorted, 95),
		p99: percentile(sorted, 99),
		mean: sorted.reduce((sum, value) => sum + value, 0) / sorted.length
	};
}
