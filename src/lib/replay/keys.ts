/** What a key does on the replay page. */
export type ReplayKeyAction =
	| { kind: 'step'; ms: number }
	| { kind: 'event'; direction: 1 | -1 }
	| { kind: 'edge'; to: 'start' | 'end' }
	| { kind: 'play' };

/** The arrow keys' step, and with Shift held. */
export const stepMs = 1_000;
export const bigStepMs = 10_000;

/** The keys, as the page's hint shows them. */
export const keyHint =
	'← → 1 s · Shift+← → 10 s · , . previous / next event · Home End · Space play / pause';

/**
 * The replay's action for a key press, or null for a key it leaves alone (with Ctrl, Alt or
 * Meta held, the browser's and the system's shortcuts win).
 */
export function replayKeyAction(key: {
	key: string;
	shiftKey: boolean;
	ctrlKey: boolean;
	altKey: boolean;
	metaKey: boolean;
}): ReplayKeyAction | null {
	if (key.ctrlKey || key.altKey || key.metaKey) return null;
	const step = key.shiftKey ? bigStepMs : stepMs;
	switch (key.key) {
		case 'ArrowRight':
		case 'ArrowUp':
			return { kind: 'step', ms: step };
		case 'ArrowLeft':
		case 'ArrowDown':
			return { kind: 'step', ms: -step };
		case 'PageUp':
			return { kind: 'step', ms: bigStepMs };
		case 'PageDown':
			return { kind: 'step', ms: -bigStepMs };
		case '.':
		case '>':
			return { kind: 'event', direction: 1 };
		case ',':
		case '<':
			return { kind: 'event', direction: -1 };
		case 'Home':
			return { kind: 'edge', to: 'start' };
		case 'End':
			return { kind: 'edge', to: 'end' };
		case ' ':
			return { kind: 'play' };
		default:
			return null;
	}
}

/**
 * Whether a key pressed in `target` belongs to it rather than to the replay: typing in a
 * field, choosing in a list, moving in the code. Space on a button or a checkbox is theirs too.
 */
export function keyBelongsTo(target: EventTarget | null, key: string): boolean {
	if (!(target instanceof Element)) return false;
	if (target.closest('input:not([type="checkbox"]), select, textarea, [contenteditable]')) {
		return true;
	}
	return key === ' ' && target.closest('button, input, summary, a') !== null;
}
