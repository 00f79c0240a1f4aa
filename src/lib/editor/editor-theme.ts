import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { tags } from '@lezer/highlight';

/**
 * The editor in the app's colours (app.css): every colour is a CSS variable, so a theme
 * switch restyles the open editor without reconfiguring it. `label` names the editor for
 * screen readers.
 */
export function editorTheme(label = 'Code'): Extension {
	return [
		// Its text area's accessible name: CodeMirror gives it the role, not a name.
		EditorView.contentAttributes.of({ 'aria-label': label }),
		EditorView.theme({
			'&': { color: 'var(--editor-text)', backgroundColor: 'var(--editor-bg)' },
			'.cm-content': { caretColor: 'var(--editor-caret)' },
			'.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--editor-caret)' },
			'&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection':
				{ backgroundColor: 'var(--editor-selection)' },
			'.cm-activeLine': { backgroundColor: 'var(--editor-active-line)' },
			'.cm-gutters': {
				backgroundColor: 'var(--editor-gutter-bg)',
				color: 'var(--muted)',
				borderRight: '1px solid var(--border)'
			},
			'.cm-activeLineGutter': { backgroundColor: 'var(--editor-active-line)' },
			'&.cm-focused .cm-matchingBracket': { backgroundColor: 'var(--editor-bracket)' },
			'.cm-panels': { backgroundColor: 'var(--panel)', color: 'var(--text)' },
			'.cm-tooltip': {
				backgroundColor: 'var(--panel)',
				color: 'var(--text)',
				border: '1px solid var(--border)'
			},
			'.cm-tooltip-autocomplete > ul > li[aria-selected]': {
				backgroundColor: 'var(--accent)',
				color: 'var(--on-accent)'
			},
			'.cm-textfield': {
				backgroundColor: 'var(--input-bg)',
				color: 'var(--text)',
				border: '1px solid var(--border)'
			},
			'.cm-button': {
				backgroundImage: 'none',
				backgroundColor: 'var(--panel)',
				color: 'var(--text)'
			}
		}),
		syntaxHighlighting(
			HighlightStyle.define([
				{ tag: [tags.keyword, tags.modifier, tags.controlKeyword], color: 'var(--syntax-keyword)' },
				{
					tag: [tags.string, tags.special(tags.string), tags.regexp],
					color: 'var(--syntax-string)'
				},
				{ tag: [tags.number, tags.bool, tags.null, tags.atom], color: 'var(--syntax-number)' },
				{ tag: [tags.comment, tags.meta], color: 'var(--syntax-comment)', fontStyle: 'italic' },
				{
					tag: [tags.function(tags.variableName), tags.function(tags.propertyName)],
					color: 'var(--syntax-function)'
				},
				{ tag: [tags.typeName, tags.className, tags.namespace], color: 'var(--syntax-type)' },
				{ tag: [tags.propertyName, tags.attributeName], color: 'var(--syntax-property)' },
				{ tag: [tags.operator, tags.punctuation], color: 'var(--syntax-operator)' },
				{ tag: tags.invalid, color: 'var(--syntax-invalid)' },
				{ tag: tags.strong, fontWeight: 'bold' },
				{ tag: tags.emphasis, fontStyle: 'italic' }
			])
		)
	];
}
