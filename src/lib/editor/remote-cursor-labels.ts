import { EditorView } from '@codemirror/view';
import type { Extension } from '@codemirror/state';

/**
 * Keeps the name label above every remote caret visible, as in CoderPad, instead of
 * y-codemirror.next's show-on-hover.
 */
export function remoteCursorLabels(): Extension {
	return EditorView.theme({
		'.cm-ySelectionInfo': { opacity: 1, top: '-1.15em', fontSize: '11px', fontFamily: 'system-ui' },
		'.cm-ySelectionCaretDot': { display: 'none' }
	});
}
