import type { RoomRole } from '../../protocol/rooms';
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

/**
 * Whether a document update sent by `sender` may be applied. The interviewer's always are;
 * a candidate's unless the editor is locked (then only chat) or the interview ended; an
 * observer's only when observers may chat, and then only new chat lines in its own name.
 * `summarize` is called only when the answer depends on what the update changes; a null
 * summary (content this peer cannot place) is refused.
 */
export function mayApplyUpdate(
	sender: VerifiedPeer,
	rules: RoomRules,
	summarize: () => UpdateSummary | null
): boolean {
	if (sender.role === 'interviewer') return true;
	if (rules.ended) return false;
	if (sender.role === 'candidate' && !rules.editorLocked) return true;
	if (sender.role === 'observer' && !rules.observersMayChat) return false;

	const summary = summarize();
	if (!summary || [...summary.roots].some((root) => root !== 'chat')) return false;
	if (sender.role === 'candidate') return true;
	return !summary.deletes && summary.insertedValues.every((value) => isOwnChatLine(value, sender));
}

function isOwnChatLine(value: unknown, sender: VerifiedPeer): boolean {
	if (typeof value !== 'object' || value === null) return false;
	const line = value as { authorId?: unknown; role?: unknown };
	return line.authorId === sender.participantId && line.role === sender.role;
}
