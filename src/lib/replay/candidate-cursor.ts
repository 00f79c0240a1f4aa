import { StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, WidgetType, type DecorationSet } from '@codemirror/view';

/** Moves the replay's mark of the candidate's cursor; null hides it. */
export const setCandidateCursor = StateEffect.define<number | null>();

class CursorWidget extends WidgetType {
	constructor(private readonly color: string) {
		super();
	}
	override eq(other: CursorWidget) {
		return other.color === this.color;
	}
	toDOM() {
		const caret = document.createElement('span');
		caret.className = 'cm-replay-candidate-cursor';
		caret.dataset.testid = 'replay-candidate-cursor';
		caret.style.borderColor = this.color;
		caret.setAttribute('aria-hidden', 'true');
		return caret;
	}
}

/**
 * The candidate's cursor in the replay editor, in their colour: where their last edit left
 * it (session-replay.ts), set with `setCandidateCursor`.
 */
export function candidateCursor(color: string): Extension {
	const widget = Decoration.widget({ widget: new CursorWidget(color), side: 1 });
	const field = StateField.define<DecorationSet>({
		create: () => Decoration.none,
		update(cursor, transaction) {
			let next = cursor.map(transaction.changes);
			for (const effect of transaction.effects) {
				if (!effect.is(setCandidateCursor)) continue;
				const at = effect.value;
				next =
					at === null || at > transaction.newDoc.length
						? Decoration.none
						: Decoration.set([widget.range(at)]);
			}
			return next;
		},
		provide: (self) => EditorView.decorations.from(self)
	});
	return [
		field,
		EditorView.baseTheme({
			'.cm-replay-candidate-cursor': {
				borderLeft: '2px solid',
				marginLeft: '-1px',
				marginRight: '-1px',
				pointerEvents: 'none'
			}
		})
	];
}

/**
 * The one change that turns `from` into `to`: everything between their common start and
 * common end. Replacing only that keeps the editor's scroll position and unchanged lines.
 */
export function changeBetween(from: string, to: string) {
	const shorter = Math.min(from.length, to.length);
	let start = 0;
	while (start < shorter && from.charCodeAt(start) === to.charCodeAt(start)) start++;
	let end = 0;
	while (
		end < shorter - start &&
		from.charCodeAt(from.length - 1 - end) === to.charCodeAt(to.length - 1 - end)
	) {
		end++;
	}
	return { from: start, to: from.length - end, insert: to.slice(start, to.length - end) };
}
