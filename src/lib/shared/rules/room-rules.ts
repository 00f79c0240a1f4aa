import {
	readControls,
	readEndedAt,
	readRevokedObserverLinks,
	type RoomDoc
} from '../document/room-doc';
import type { RoomRules } from './update-policy';

/**
 * The room's rules as peers enforce them. A restriction (a lock, the end, observers muted)
 * takes hold `graceMs` after this page saw it, so that what was sent just before — already on
 * its way — is accepted by every peer alike instead of by some. That matters beyond the one
 * update: once a peer drops an update, Yjs holds back every later one of the same author.
 * Returns the reader and a stop function.
 */
export function trackRoomRules(room: RoomDoc, graceMs = 1500, now = () => performance.now()) {
	const since = { editorLocked: -Infinity, ended: -Infinity, observersMuted: -Infinity };
	let seen = current();
	function current() {
		const controls = readControls(room);
		return {
			editorLocked: controls.editorLocked,
			observersMayChat: controls.observersMayChat,
			ended: readEndedAt(room) !== null,
			revokedObserverLinks: new Set(readRevokedObserverLinks(room))
		};
	}
	const onChange = () => {
		const next = current();
		for (const rule of ['editorLocked', 'ended'] as const) {
			if (next[rule] && !seen[rule]) since[rule] = now();
		}
		if (seen.observersMayChat && !next.observersMayChat) since.observersMuted = now();
		seen = next;
	};
	room.settings.observe(onChange);

	const rules = (): RoomRules => {
		const settled = (rule: keyof typeof since) => now() - since[rule] >= graceMs;
		return {
			editorLocked: seen.editorLocked && settled('editorLocked'),
			observersMayChat: seen.observersMayChat || !settled('observersMuted'),
			ended: seen.ended && settled('ended'),
			revokedObserverLinks: seen.revokedObserverLinks
		};
	};
	/** When every grace begun so far is over. */
	const settlesAt = () => Math.max(...Object.values(since)) + graceMs;
	return {
		rules,
		/** Calls `listener` after every change of the rules. */
		onChange(listener: () => void) {
			room.settings.observe(listener);
			return () => room.settings.unobserve(listener);
		},
		/**
		 * Calls `listener` with whether every restriction seen has taken hold (no grace is
		 * running), now and whenever that changes; returns the function that stops it.
		 */
		onSettled(listener: (settled: boolean) => void) {
			let timer: ReturnType<typeof setTimeout> | undefined;
			let told: boolean | undefined;
			const check = () => {
				clearTimeout(timer);
				const waitMs = settlesAt() - now();
				if (told !== waitMs <= 0) listener((told = waitMs <= 0));
				// A timer may fire a little early by `now`'s clock: then it checks again.
				if (waitMs > 0) timer = setTimeout(check, waitMs);
			};
			// Observed after `onChange` above, so that `since` is up to date.
			room.settings.observe(check);
			check();
			return () => {
				clearTimeout(timer);
				room.settings.unobserve(check);
			};
		},
		stop: () => room.settings.unobserve(onChange)
	};
}
