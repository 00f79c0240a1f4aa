import { Compartment, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { yCollab } from 'y-codemirror.next';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Language } from '../protocol/languages';
import { cspNonce } from './csp-nonce';
import { languageSupport } from './languages';
import { remoteCursorLabels } from './remote-cursor-labels';

export interface CollabEditor {
	view: EditorView;
	setLanguage(language: Language): void;
	setReadOnly(readOnly: boolean): void;
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

const readOnlyExtensions = (readOnly: boolean) => [
	EditorState.readOnly.of(readOnly),
	EditorView.editable.of(!readOnly)
];

/**
 * A CodeMirror editor bound to a shared `Y.Text`: local edits go into the document, remote
 * ones appear with their author's labelled cursor. Undo only undoes this user's edits.
 */
export function createCollabEditor(options: {
	parent: HTMLElement;
	code: Y.Text;
	awareness: Awareness;
	language: Language;
	readOnly?: boolean;
	onPaste?(paste: Paste): void;
}): CollabEditor {
	const languageSlot = new Compartment();
	const readOnlySlot = new Compartment();
	const view = new EditorView({
		parent: options.parent,
		state: EditorState.create({
			doc: options.code.toString(),
			extensions: [
				basicSetup,
				cspNonce(),
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
		destroy: () => view.destroy()
	};
}
