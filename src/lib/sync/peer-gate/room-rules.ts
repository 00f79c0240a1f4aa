import { readControls, readEndedAt, type RoomDoc } from '../room-doc';
import type { RoomRules } from './update-policy';

/**
 * The room's rules as peers enforce them. A lock or the end takes hold `graceMs` after this
 * page saw it, so that an edit the candidate made just before seeing it — already on its way —
 * is accepted by every peer alike instead of by some. Returns the reader and a stop function.
 */
export function trackRoomRules(room: RoomDoc, graceMs = 1500, now = () => performance.now()) {
	const since = { editorLocked: -Infinity, ended: -Infinity };
	let seen = current();
	function current() {
		const controls = readControls(room);
		return {
			editorLocked: controls.editorLocked,
			observersMayChat: controls.observersMayChat,
			ended: readEndedAt(room) !== null
		};
	}
	const onChange = () => {
		const next = current();
		for (const rule of ['editorLocked', 'ended'] as const) {
			if (next[rule] && !seen[rule]) since[rule] = now();
		}
		seen = next;
	};
	room.settings.observe(onChange);

	const rules = (): RoomRules => {
		const settled = (rule: keyof typeof since) => seen[rule] && now() - since[rule] >= graceMs;
		return {
			editorLocked: settled('editorLocked'),
			observersMayChat: seen.observersMayChat,
			ended: settled('ended')
		};
	};
	return { rules, stop: () => room.settings.unobserve(onChange) };
}
