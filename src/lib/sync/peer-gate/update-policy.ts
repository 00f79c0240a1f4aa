import type { RoomRole } from '../../protocol/rooms';
import { areOwnObserverLines } from '../observer-chat';
import type { UpdateSummary } from './update-summary';

/** A peer whose room token checked out: who sends what arrives on its connection. */
export interface VerifiedPeer {
	participantId: string;
	role: RoomRole;
	name: string;
}

/** What the interviewer has decided, as this peer's document says right now. */
export interface RoomRules {
	/** The candidate may not edit. */
	editorLocked: boolean;
	observersMayChat: boolean;
	/** The interview is over: nobody but the interviewer changes anything. */
	ended: boolean;
}

/** Ways of looking into an update, each called only when the answer depends on it. */
export interface UpdateInspection {
	/** What it changes, or null when that cannot be told (update-summary.ts). */
	summary(): UpdateSummary | null;
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
		const summary = inspect.summary();
		return summary !== null && [...summary.roots].every((root) => root === 'chat');
	}
	if (!rules.observersMayChat) return false;
	const lines = inspect.observerLines();
	return lines !== null && areOwnObserverLines(lines, sender.participantId);
}
