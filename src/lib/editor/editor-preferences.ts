import { z } from 'zod';

export const editorKeymaps = ['standard', 'vim', 'emacs'] as const;
export const keymapLabels: Record<EditorKeymap, string> = {
	standard: 'Standard',
	vim: 'Vim',
	emacs: 'Emacs'
};
export const fontSizes = [12, 13, 14, 16, 18, 20, 24] as const;

/** How this person likes their editor: kept in this browser, whatever room they are in. */
export const EditorPreferences = z.object({
	fontSize: z.number().int().min(10).max(32),
	keymap: z.enum(editorKeymaps)
});
export type EditorPreferences = z.infer<typeof EditorPreferences>;
export type EditorKeymap = EditorPreferences['keymap'];

export const defaultEditorPreferences: EditorPreferences = { fontSize: 14, keymap: 'standard' };

const storageKey = 'pairdesk:editor-preferences';
type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

/** The preferences saved in `storage`, or the defaults where there are none or they do not read. */
export function loadEditorPreferences(storage: Storage = localStorage): EditorPreferences {
	try {
		const saved = EditorPreferences.partial().safeParse(
			JSON.parse(storage.getItem(storageKey) ?? '{}')
		);
		return { ...defaultEditorPreferences, ...(saved.success ? saved.data : {}) };
	} catch {
		return defaultEditorPreferences;
	}
}

export function saveEditorPreferences(
	preferences: EditorPreferences,
	storage: Storage = localStorage
) {
	storage.setItem(storageKey, JSON.stringify(EditorPreferences.parse(preferences)));
}
