import { describe, expect, it } from 'vitest';
import { clampSplit, loadSplit, saveSplit } from './split';

function memoryStorage() {
	const items = new Map<string, string>();
	return {
		getItem: (key: string) => items.get(key) ?? null,
		setItem: (key: string, value: string) => void items.set(key, value)
	};
}

describe('split', () => {
	it('clamps to the allowed range', () => {
		expect(clampSplit(10, 45, 85)).toBe(45);
		expect(clampSplit(99, 45, 85)).toBe(85);
		expect(clampSplit(60, 45, 85)).toBe(60);
	});

	it('remembers a split and clamps what it reads back', () => {
		const storage = memoryStorage();
		expect(loadSplit('k', 70, 45, 85, storage)).toBe(70);
		saveSplit('k', 61.25, storage);
		expect(loadSplit('k', 70, 45, 85, storage)).toBe(61.3);
		saveSplit('k', 95, storage);
		expect(loadSplit('k', 70, 45, 85, storage)).toBe(85);
		storage.setItem('k', 'wide');
		expect(loadSplit('k', 70, 45, 85, storage)).toBe(70);
	});
});
