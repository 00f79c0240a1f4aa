import type { RoomRole } from '../../protocol/rooms';
import { areOwnObserverLines } from '../observer-chat';

/** A peer whose room token checked out: who sends what arrives on its connection. */
export interface VerifiedPeer {
	participantId: string;
	role: RoomRole;
	name: string;
	/** The observer link an observer came in by. */
	observerLink?: string;
}

/** What the interviewer has decided, as this peer's document says right now. */
export interface RoomRules {
	/** The candidate may not edit. */
	editorLocked: boolean;
	observersMayChat: boolean;
	/** The interview is over: nobody but the interviewer changes anything. */
	ended: boolean;
	/** Observers who came in by these links are shut out. */
	revokedObserverLinks: ReadonlySet<string>;
}

/** Whether `peer` is an observer whose link the interviewer revoked. */
export const isShutOut = (peer: VerifiedPeer, rules: RoomRules) =>
	peer.observerLink !== undefined && rules.revokedObserverLinks.has(peer.observerLink);

/** Ways of looking into an update, each called only when the answer depends on it. */
export interface UpdateInspection {
	/** The root types it changes, or null when that cannot be told (update-summary.ts). */
	roots(): Set<string> | null;
	/** The lines, if it only adds observers' chat lines (observer-chat.ts). */
	observerLines(): unknown[] | null;
}

/**
 * Whether a document update sent by `sender` may be applied. The interviewer's always are;
 * a candidate's unless the editor is locked (then only chat) or the interview ended; an
 * observer's only when observers may chat, and then only new chat lines in its own name.
 */
export function mayApplyUpdate(
	sender: VerifiedPeer,
	rules: RoomRules,
	inspect: UpdateInspection
): boolean {
	if (sender.role === 'interviewer') return true;
	if (rules.ended) return false;
	if (sender.role === 'candidate') {
		if (!rules.editorLocked) return true;
		const roots = inspect.roots();
		return roots !== null && [...roots].every((root) => root === 'chat');
	}
	if (!rules.observersMayChat) return false;
	const lines = inspect.observerLines();
	return lines !== null && areOwnObserverLines(lines, sender.participantId);
}
