import type { Awareness } from 'y-protocols/awareness';
import { z } from 'zod';
import { RoomRole } from '../protocol/rooms';
import { isPeerOfParticipant } from '../protocol/video';

/** The `user` field every participant puts in its awareness state. */
export const PresenceUser = z.object({
	participantId: z.string().max(64),
	name: z.string().max(60),
	role: RoomRole,
	// They go into style attributes: colours and nothing else (colors.ts makes them).
	color: z.string().regex(/^#[0-9a-f]{6}$/i),
	colorLight: z.string().regex(/^#[0-9a-f]{8}$/i)
});
export type PresenceUser = z.infer<typeof PresenceUser>;

/** The `media` field of a participant connected for video: whom to call, what they send. */
export const PresenceMedia = z.object({
	peerId: z.string().max(100),
	camera: z.boolean(),
	microphone: z.boolean()
});
export type PresenceMedia = z.infer<typeof PresenceMedia>;

export interface Participant extends PresenceUser {
	clientId: number;
	isLocal: boolean;
	/** Null until the participant is connected for video (or if they never will be). */
	media: PresenceMedia | null;
}

/** A "joined" or "left" line for the chat, seen from this peer. */
export interface PresenceEvent {
	kind: 'joined' | 'left';
	name: string;
	role: RoomRole;
	at: number;
}

const sameUser = (a: PresenceUser, b: PresenceUser) =>
	a.participantId === b.participantId &&
	a.name === b.name &&
	a.role === b.role &&
	a.color === b.color;

const sameMedia = (a: PresenceMedia | null, b: PresenceMedia | null) =>
	a === b ||
	(a !== null &&
		b !== null &&
		a.peerId === b.peerId &&
		a.camera === b.camera &&
		a.microphone === b.microphone);

function userOf(state: Record<string, unknown> | undefined): PresenceUser | null {
	const parsed = PresenceUser.safeParse(state?.user);
	return parsed.success ? parsed.data : null;
}

/** The media field, if well-formed and its peer id is the participant's own. */
function mediaOf(state: Record<string, unknown> | undefined): PresenceMedia | null {
	const parsed = PresenceMedia.safeParse(state?.media);
	const user = userOf(state);
	if (!parsed.success || !user) return null;
	// Otherwise one participant could pass off someone else's video as theirs.
	return isPeerOfParticipant(parsed.data.peerId, user.participantId) ? parsed.data : null;
}

/**
 * Follows who is in the room through awareness. `onChange` gets everyone present (this
 * peer first) and the join/leave events of that change; the local peer's own arrival is
 * not an event.
 * @returns a function that stops watching
 */
export function watchPresence(
	awareness: Awareness,
	onChange: (participants: Participant[], events: PresenceEvent[]) => void,
	now: () => number = Date.now
): () => void {
	const known = new Map<number, PresenceUser>();
	const knownMedia = new Map<number, PresenceMedia | null>();

	function participants(): Participant[] {
		return [...awareness.getStates()]
			.flatMap(([clientId, state]) => {
				const user = userOf(state);
				if (!user) return [];
				const isLocal = clientId === awareness.clientID;
				return [{ ...user, clientId, isLocal, media: mediaOf(state) }];
			})
			.sort((a, b) => Number(b.isLocal) - Number(a.isLocal) || a.name.localeCompare(b.name));
	}

	function handleChange({
		added,
		updated,
		removed
	}: Record<'added' | 'updated' | 'removed', number[]>) {
		const events: PresenceEvent[] = [];
		let changed = removed.length > 0;
		for (const clientId of [...added, ...updated]) {
			const state = awareness.getStates().get(clientId);
			const user = userOf(state);
			const before = known.get(clientId);
			const media = mediaOf(state);
			const mediaChanged = !sameMedia(knownMedia.get(clientId) ?? null, media);
			knownMedia.set(clientId, media);
			// Cursor moves update awareness on every keystroke; only user and media changes matter.
			if (!user || (before && sameUser(before, user) && !mediaChanged)) continue;
			changed = true;
			known.set(clientId, user);
			if (!before && clientId !== awareness.clientID) {
				events.push({ kind: 'joined', name: user.name, role: user.role, at: now() });
			}
		}
		for (const clientId of removed) {
			const user = known.get(clientId);
			knownMedia.delete(clientId);
			if (!user) continue;
			known.delete(clientId);
			if (clientId !== awareness.clientID) {
				events.push({ kind: 'left', name: user.name, role: user.role, at: now() });
			}
		}
		if (changed) onChange(participants(), events);
	}

	for (const [clientId, state] of awareness.getStates()) {
		const user = userOf(state);
		if (user) known.set(clientId, user);
		knownMedia.set(clientId, mediaOf(state));
	}
	onChange(participants(), []);
	awareness.on('change', handleChange);
	return () => awareness.off('change', handleChange);
}
