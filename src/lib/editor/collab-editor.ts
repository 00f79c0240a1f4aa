import { Compartment, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { yCollab } from 'y-codemirror.next';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Language } from '../protocol/languages';
import { languageSupport } from './languages';
import { remoteCursorLabels } from './remote-cursor-labels';

export interface CollabEditor {
	view: EditorView;
	setLanguage(language: Language): void;
	destroy(): void;
}

/**
 * A CodeMirror editor bound to a shared `Y.Text`: local edits go into the document, remote
 * ones appear with their author's labelled cursor. Undo only undoes this user's edits.
 */
export function createCollabEditor(options: {
	parent: HTMLElement;
	code: Y.Text;
	awareness: Awareness;
	language: Language;
}): CollabEditor {
	const languageSlot = new Compartment();
	const view = new EditorView({
		parent: options.parent,
		state: EditorState.create({
			doc: options.code.toString(),
			extensions: [
				basicSetup,
				languageSlot.of(languageSupport(options.language)),
				yCollab(options.code, options.awareness, { undoManager: new Y.UndoManager(options.code) }),
				remoteCursorLabels(),
				EditorView.theme({
					'&': { height: '100%' },
					'.cm-scroller': { fontFamily: 'ui-monospace, monospace' }
				})
			]
		})
	});
	return {
		view,
		setLanguage: (language) =>
			view.dispatch({ effects: languageSlot.reconfigure(languageSupport(language)) }),
		destroy: () => view.destroy()
	};
}
