import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../test-support/memory-storage';
import { loadThemeChoice, resolveTheme, saveThemeChoice } from './theme';

describe('theme choice', () => {
	it('follows the system until one is chosen, and remembers the choice', () => {
		const storage = new MemoryStorage();
		expect(loadThemeChoice(storage)).toBe('system');
		saveThemeChoice('dark', storage);
		expect(loadThemeChoice(storage)).toBe('dark');
		saveThemeChoice('system', storage);
		expect(loadThemeChoice(storage)).toBe('system');
	});

	it('ignores what it did not write', () => {
		const storage = new MemoryStorage();
		storage.setItem('pairdesk:theme', 'purple');
		expect(loadThemeChoice(storage)).toBe('system');
	});

	it('resolves the system choice by the system’s theme', () => {
		expect(resolveTheme('system', true)).toBe('dark');
		expect(resolveTheme('system', false)).toBe('light');
		expect(resolveTheme('light', true)).toBe('light');
	});
});
