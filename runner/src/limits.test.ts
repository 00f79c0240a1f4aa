import { describe, expect, it } from 'vitest';
import { defaultLimits, readLimits } from './limits';

describe('readLimits', () => {
	it('is the defaults with nothing set', () => {
		expect(readLimits({})).toEqual(defaultLimits);
	});

	it('applies RUN_* settings in their units', () => {
		const limits = readLimits({ RUN_TIMEOUT_MS: '2500', RUN_MEMORY_MB: '512', RUN_OUTPUT_KB: '8' });
		expect(limits).toMatchObject({
			runTimeMs: 2500,
			memoryBytes: 512 * 1024 * 1024,
			outputBytes: 8 * 1024
		});
	});

	it('names a bad value', () => {
		expect(() => readLimits({ RUN_PIDS: 'many' })).toThrow(/RUN_PIDS/);
	});
});
