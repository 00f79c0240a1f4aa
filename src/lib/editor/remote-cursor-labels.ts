import { StateEffect, type Extension } from '@codemirror/state';
import {
	EditorView,
	ViewPlugin,
	layer,
	type LayerMarker,
	type PluginValue,
	type ViewUpdate
} from '@codemirror/view';
import { ySyncAnnotation, ySyncFacet } from 'y-codemirror.next';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';

/** How long a peer's name stays up after their caret moved or they typed. */
export const labelShownForMs = 2000;
// How far beside a caret the pointer still counts as on it: the caret is 2 px wide.
const hoverReachPx = 5;

/** A remote participant's caret, where it is in the document. */
interface RemoteCaret {
	client: number;
	head: number;
	name: string;
	color: string;
}

const refreshLabels = StateEffect.define<null>();

/**
 * Which remote carets moved lately and which one the pointer is on: their labels show. A
 * caret moves when its awareness cursor changes (the peer clicked or selected) or when a
 * remote edit carries it along (the peer typed, which leaves its relative cursor as it was).
 */
class CaretActivity implements PluginValue {
	readonly movedAt = new Map<number, number>();
	hovered: number | null = null;
	private readonly awareness: Awareness;
	private readonly ytext: Y.Text;
	private readonly cursors = new Map<number, string>();
	private heads = new Map<number, number>();
	private hideTimer: ReturnType<typeof setTimeout> | undefined;
	private refreshQueued = false;
	private destroyed = false;

	constructor(private readonly view: EditorView) {
		const { awareness, ytext } = view.state.facet(ySyncFacet);
		this.awareness = awareness;
		this.ytext = ytext;
		this.heads = this.headsNow();
		awareness.on('change', this.onAwareness);
		// Not an editor event handler: the editor ignores events inside the caret widget.
		view.scrollDOM.addEventListener('mousemove', this.onPointer);
		view.scrollDOM.addEventListener('mouseleave', this.onLeave);
	}

	/** Every remote participant's caret in this document, by client id. */
	carets(): RemoteCaret[] {
		const carets: RemoteCaret[] = [];
		const doc = this.ytext.doc;
		if (!doc) return carets;
		this.awareness.getStates().forEach((state, client) => {
			if (client === this.awareness.clientID || !state.cursor?.head) return;
			const head = Y.createAbsolutePositionFromRelativePosition(
				Y.createRelativePositionFromJSON(state.cursor.head),
				doc
			);
			if (!head || head.type !== this.ytext) return;
			const { name = 'Anonymous', color = 'var(--accent)' } = state.user ?? {};
			const index = Math.min(head.index, this.view.state.doc.length);
			carets.push({ client, head: index, name: String(name), color: String(color) });
		});
		return carets.sort((a, b) => a.client - b.client);
	}

	isShown(client: number, now: number): boolean {
		const moved = this.movedAt.get(client);
		return this.hovered === client || (moved !== undefined && now - moved < labelShownForMs);
	}

	update(update: ViewUpdate) {
		if (!update.docChanged) return;
		const remote = update.transactions.some((tr) => tr.annotation(ySyncAnnotation) !== undefined);
		const before = this.heads;
		this.heads = this.headsNow();
		if (!remote) return;
		// Refreshed by this very update: the labels layer updates after this plugin.
		for (const [client, head] of this.heads)
			if (before.has(client) && before.get(client) !== head) this.moved(client, false);
	}

	destroy() {
		this.destroyed = true;
		clearTimeout(this.hideTimer);
		this.awareness.off('change', this.onAwareness);
		this.view.scrollDOM.removeEventListener('mousemove', this.onPointer);
		this.view.scrollDOM.removeEventListener('mouseleave', this.onLeave);
	}

	private headsNow() {
		return new Map(this.carets().map(({ client, head }) => [client, head]));
	}

	private onAwareness = ({
		added,
		updated,
		removed
	}: {
		added: number[];
		updated: number[];
		removed: number[];
	}) => {
		for (const client of removed) {
			this.cursors.delete(client);
			this.movedAt.delete(client);
		}
		for (const client of [...added, ...updated]) {
			if (client === this.awareness.clientID) continue;
			const cursor = this.awareness.getStates().get(client)?.cursor ?? null;
			const seen = JSON.stringify(cursor);
			if (seen === this.cursors.get(client)) continue;
			this.cursors.set(client, seen);
			if (cursor) this.moved(client, true);
			else this.refresh();
		}
		if (removed.length) this.refresh();
	};

	private onPointer = (event: MouseEvent) => {
		const near = this.carets().find(({ head }) => {
			const at = this.view.coordsAtPos(head);
			return (
				at !== null &&
				Math.abs(event.clientX - at.left) <= hoverReachPx &&
				event.clientY >= at.top &&
				event.clientY <= at.bottom
			);
		});
		this.hover(near?.client ?? null);
	};

	private onLeave = () => this.hover(null);

	private hover(client: number | null) {
		if (client === this.hovered) return;
		this.hovered = client;
		this.refresh();
	}

	private moved(client: number, refresh: boolean) {
		this.movedAt.set(client, Date.now());
		clearTimeout(this.hideTimer);
		this.hideTimer = setTimeout(() => this.refresh(), labelShownForMs + 20);
		if (refresh) this.refresh();
	}

	/** Redraws the labels soon: never inside an update (awareness changes come in one, too). */
	private refresh() {
		if (this.refreshQueued) return;
		this.refreshQueued = true;
		queueMicrotask(() => {
			this.refreshQueued = false;
			if (!this.destroyed) this.view.dispatch({ effects: refreshLabels.of(null) });
		});
	}
}

const caretActivity = ViewPlugin.fromClass(CaretActivity);

/** One remote caret's name, drawn in the caret's own line just beside it. */
class CursorLabel implements LayerMarker {
	constructor(
		readonly name: string,
		readonly color: string,
		readonly left: number,
		readonly top: number,
		readonly height: number,
		readonly shown: boolean,
		/** Drawn to the left of the caret: to the right it would leave the visible box. */
		readonly flipped: boolean
	) {}

	eq(other: CursorLabel) {
		return (
			this.name === other.name &&
			this.color === other.color &&
			this.left === other.left &&
			this.top === other.top &&
			this.height === other.height &&
			this.shown === other.shown &&
			this.flipped === other.flipped
		);
	}

	draw() {
		const dom = document.createElement('div');
		dom.className = 'cm-remoteCursorLabel';
		this.update(dom);
		return dom;
	}

	/** Updates the label in place, so that showing and hiding fade. */
	update(dom: HTMLElement) {
		if (dom.textContent !== this.name) dom.textContent = this.name;
		dom.dataset.peer = this.name;
		dom.dataset.shown = String(this.shown);
		dom.classList.toggle('cm-remoteCursorLabel-flipped', this.flipped);
		Object.assign(dom.style, {
			left: `${this.left}px`,
			top: `${this.top}px`,
			height: `${this.height}px`,
			lineHeight: `${this.height}px`,
			// Colours are #rrggbb: the peer gate lets nothing else through (presence-filter.ts).
			backgroundColor: this.color
		});
		return true;
	}
}

// Wide enough for the 11 px label of a name this long: the label cannot be measured before
// it is drawn.
const estimatedLabelWidth = (name: string) => name.length * 7 + 8;

function cursorLabels(view: EditorView): CursorLabel[] {
	const activity = view.plugin(caretActivity);
	if (!activity) return [];
	const scroller = view.scrollDOM.getBoundingClientRect();
	const base = {
		left: scroller.left - view.scrollDOM.scrollLeft * view.scaleX,
		top: scroller.top - view.scrollDOM.scrollTop * view.scaleY
	};
	const visibleRight =
		(scroller.left + view.scrollDOM.clientWidth * view.scaleX - base.left) / view.scaleX;
	const now = Date.now();
	return activity.carets().flatMap(({ client, head, name, color }) => {
		const at = view.coordsAtPos(head);
		if (!at) return [];
		const left = (at.left - base.left) / view.scaleX;
		return [
			new CursorLabel(
				name,
				color,
				left,
				(at.top - base.top) / view.scaleY,
				(at.bottom - at.top) / view.scaleY,
				activity.isShown(client, now),
				left + estimatedLabelWidth(name) > visibleRight
			)
		];
	});
}

const labelsLayer = layer({
	above: true,
	class: 'cm-remoteCursorLabels',
	markers: cursorLabels,
	update: (update) =>
		update.docChanged ||
		update.viewportChanged ||
		update.transactions.some((tr) => tr.effects.some((effect) => effect.is(refreshLabels)))
});

const labelsTheme = EditorView.theme({
	// Replaced by the labels below, which never leave the caret's line.
	'.cm-ySelectionInfo, .cm-ySelectionCaretDot': { display: 'none' },
	'.cm-remoteCursorLabel': {
		padding: '0 3px',
		marginLeft: '1px',
		boxSizing: 'border-box',
		borderRadius: '0 3px 3px 0',
		color: 'var(--cursor-label-text)',
		fontSize: '11px',
		fontFamily: 'system-ui, sans-serif',
		whiteSpace: 'nowrap',
		pointerEvents: 'none',
		opacity: 0,
		visibility: 'hidden',
		transition: 'opacity .2s, visibility .2s'
	},
	'.cm-remoteCursorLabel[data-shown="true"]': { opacity: 1, visibility: 'visible' },
	'.cm-remoteCursorLabel-flipped': {
		marginLeft: '-1px',
		borderRadius: '3px 0 0 3px',
		transform: 'translateX(-100%)'
	}
});

/**
 * Names on remote carets, drawn in the caret's own line — never over the line above, never
 * cut off on the first — shown while the pointer is on the caret and for a moment
 * (`labelShownForMs`) after that peer moved or typed. Each label says whether it is shown
 * in `data-shown`. Needs `yCollab`'s configuration in the state.
 */
export function remoteCursorLabels(): Extension {
	return [caretActivity, labelsLayer, labelsTheme];
}
