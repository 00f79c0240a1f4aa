import type { RecordedSignal } from '../protocol/recording';

/**
 * Records this page's presence in the room: joined now, left when the page goes away, and
 * every time its tab is hidden or its window loses focus, and back. Returns the stop function.
 */
export function recordPresenceSignals(
	record: (signal: RecordedSignal) => void,
	onLeave: () => void
): () => void {
	const onVisibility = () => record({ kind: document.hidden ? 'hidden' : 'visible' });
	const onBlur = () => record({ kind: 'blurred' });
	const onFocus = () => record({ kind: 'focused' });
	const onPageHide = () => {
		record({ kind: 'left' });
		onLeave();
	};
	record({ kind: 'joined' });
	document.addEventListener('visibilitychange', onVisibility);
	addEventListener('blur', onBlur);
	addEventListener('focus', onFocus);
	addEventListener('pagehide', onPageHide);
	return () => {
		document.removeEventListener('visibilitychange', onVisibility);
		removeEventListener('blur', onBlur);
		removeEventListener('focus', onFocus);
		removeEventListener('pagehide', onPageHide);
	};
}
