import { indentWithTab } from '@codemirror/commands';
import { Compartment, EditorState, Prec, type Extension } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { emacs } from '@replit/codemirror-emacs';
import { vim } from '@replit/codemirror-vim';
import { basicSetup } from 'codemirror';
import { yCollab } from 'y-codemirror.next';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Language } from '../protocol/languages';
import { cspNonce } from './csp-nonce';
import { editorTheme } from './editor-theme';
import type { EditorKeymap, EditorPreferences } from './editor-preferences';
import { languageSupport } from './languages';
import { remoteCursorLabels } from './remote-cursor-labels';

export interface CollabEditor {
	view: EditorView;
	setLanguage(language: Language): void;
	setReadOnly(readOnly: boolean): void;
	setPreferences(preferences: EditorPreferences): void;
	destroy(): void;
}

export interface Paste {
	length: number;
	/** `editor` when the text was copied from this editor, `outside` otherwise. */
	source: 'editor' | 'outside';
}

/** Reports every paste, telling text copied from this editor from text copied elsewhere. */
function pasteWatcher(onPaste: (paste: Paste) => void) {
	let copiedHere = '';
	const remember = (view: EditorView) => {
		copiedHere = view.state.selection.ranges
			.map((range) => view.state.sliceDoc(range.from, range.to))
			.join(view.state.lineBreak);
	};
	return EditorView.domEventHandlers({
		copy: (_event, view) => remember(view),
		cut: (_event, view) => remember(view),
		paste(event) {
			const text = event.clipboardData?.getData('text/plain') ?? '';
			if (text)
				onPaste({ length: text.length, source: text === copiedHere ? 'editor' : 'outside' });
		}
	});
}

/** Vim and Emacs bindings go before every other keymap, as both packages require. */
const keymapFlavours: Record<EditorKeymap, () => Extension> = {
	standard: () => [],
	vim: () => vim(),
	emacs: () => emacs()
};

const fontSizeTheme = (px: number) =>
	EditorView.theme({ '.cm-content, .cm-gutters': { fontSize: `${px}px` } });

const readOnlyExtensions = (readOnly: boolean) => [
	EditorState.readOnly.of(readOnly),
	EditorView.editable.of(!readOnly)
];

/**
 * A CodeMirror editor bound to a shared `Y.Text`: local edits go into the document, remote
 * ones appear with their author's labelled cursor. Undo only undoes this user's edits. Tab
 * indents and Shift+Tab outdents (Escape, then Tab, leaves the editor); Ctrl/Cmd+Enter runs;
 * search, bracket matching, folding and indenting on Enter come with CodeMirror's basic set.
 */
export function createCollabEditor(options: {
	parent: HTMLElement;
	code: Y.Text;
	awareness: Awareness;
	language: Language;
	readOnly?: boolean;
	preferences: EditorPreferences;
	onPaste?(paste: Paste): void;
	onRun?(): void;
}): CollabEditor {
	const languageSlot = new Compartment();
	const readOnlySlot = new Compartment();
	const keymapSlot = new Compartment();
	const fontSizeSlot = new Compartment();
	const runKey = keymap.of([
		{
			key: 'Mod-Enter',
			run: () => {
				options.onRun?.();
				return true;
			}
		}
	]);
	const view = new EditorView({
		parent: options.parent,
		state: EditorState.create({
			doc: options.code.toString(),
			extensions: [
				keymapSlot.of(keymapFlavours[options.preferences.keymap]()),
				// Over the basic set's own Mod-Enter (a blank line below).
				Prec.high(runKey),
				basicSetup,
				keymap.of([indentWithTab]),
				fontSizeSlot.of(fontSizeTheme(options.preferences.fontSize)),
				cspNonce(),
				editorTheme(),
				languageSlot.of(languageSupport(options.language)),
				yCollab(options.code, options.awareness, { undoManager: new Y.UndoManager(options.code) }),
				remoteCursorLabels(),
				readOnlySlot.of(readOnlyExtensions(options.readOnly ?? false)),
				pasteWatcher((paste) => options.onPaste?.(paste)),
				EditorView.theme({
					'&': { height: '100%' },
					'.cm-scroller': { fontFamily: 'ui-monospace, monospace' }
				})
			]
		})
	});
	// A read-only view cannot hold focus: one locked while focused gets it back when unlocked.
	let focusedWhenLocked = false;
	return {
		view,
		setLanguage: (language) =>
			view.dispatch({ effects: languageSlot.reconfigure(languageSupport(language)) }),
		setReadOnly(readOnly) {
			if (readOnly === view.state.readOnly) return;
			if (readOnly) focusedWhenLocked = view.hasFocus;
			view.dispatch({ effects: readOnlySlot.reconfigure(readOnlyExtensions(readOnly)) });
			if (!readOnly && focusedWhenLocked) view.focus();
		},
		setPreferences: ({ keymap, fontSize }) =>
			view.dispatch({
				effects: [
					keymapSlot.reconfigure(keymapFlavours[keymap]()),
					fontSizeSlot.reconfigure(fontSizeTheme(fontSize))
				]
			}),
		destroy: () => view.destroy()
	};
}
