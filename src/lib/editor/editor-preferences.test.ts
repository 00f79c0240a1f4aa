import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../test-support/memory-storage';
import {
	defaultEditorPreferences,
	loadEditorPreferences,
	saveEditorPreferences
} from './editor-preferences';

describe('editor preferences', () => {
	it('come back as saved', () => {
		const storage = new MemoryStorage();
		saveEditorPreferences({ fontSize: 18, keymap: 'vim' }, storage);
		expect(loadEditorPreferences(storage)).toEqual({ fontSize: 18, keymap: 'vim' });
	});

	it('fall back to the defaults for what is missing or does not read', () => {
		const storage = new MemoryStorage();
		expect(loadEditorPreferences(storage)).toEqual(defaultEditorPreferences);
		storage.setItem('pairdesk:editor-preferences', '{not json');
		expect(loadEditorPreferences(storage)).toEqual(defaultEditorPreferences);
		storage.setItem('pairdesk:editor-preferences', '{"fontSize":999,"keymap":"nano"}');
		expect(loadEditorPreferences(storage)).toEqual(defaultEditorPreferences);
		storage.setItem('pairdesk:editor-preferences', '{"keymap":"emacs"}');
		expect(loadEditorPreferences(storage)).toEqual({ fontSize: 14, keymap: 'emacs' });
	});
});
