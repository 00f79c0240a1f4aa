import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWriteBatcher } from './write-batcher';

describe('createWriteBatcher', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('writes once after a burst goes quiet', () => {
		const write = vi.fn();
		const batcher = createWriteBatcher({ idleMs: 200, maxWaitMs: 1000, write });
		for (let i = 0; i < 50; i++) batcher.changed();
		vi.advanceTimersByTime(199);
		expect(write).not.toHaveBeenCalled();
		vi.advanceTimersByTime(1);
		expect(write).toHaveBeenCalledTimes(1);
		expect(batcher.pending).toBe(false);
	});

	it('writes at maxWaitMs while changes keep coming', () => {
		const write = vi.fn();
		const batcher = createWriteBatcher({ idleMs: 200, maxWaitMs: 1000, write });
		for (let elapsed = 0; elapsed < 1000; elapsed += 100) {
			batcher.changed();
			vi.advanceTimersByTime(100);
		}
		expect(write).toHaveBeenCalledTimes(1);
	});

	it('flush writes pending changes at once and only when something is pending', () => {
		const write = vi.fn();
		const batcher = createWriteBatcher({ idleMs: 200, maxWaitMs: 1000, write });
		batcher.flush();
		expect(write).not.toHaveBeenCalled();
		batcher.changed();
		batcher.flush();
		expect(write).toHaveBeenCalledTimes(1);
		vi.advanceTimersByTime(1000);
		expect(write).toHaveBeenCalledTimes(1);
	});

	it('cancel drops the pending write', () => {
		const write = vi.fn();
		const batcher = createWriteBatcher({ idleMs: 200, maxWaitMs: 1000, write });
		batcher.changed();
		batcher.cancel();
		vi.advanceTimersByTime(2000);
		expect(write).not.toHaveBeenCalled();
	});
});
