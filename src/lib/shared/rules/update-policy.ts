import { ChatMessage } from '../../protocol/chat';
import type { RoomRole } from '../../protocol/rooms';
import { areOwnObserverLines } from '../document/observer-chat';
import type { UpdateSummary } from './update-summary';

/** A peer whose room token checked out: who sends what arrives on its connection. */
export interface VerifiedPeer {
	participantId: string;
	role: RoomRole;
	name: string;
	/** The observer link an observer came in by. */
	observerLink?: string;
	/** The block of Yjs client ids it writes under; none in passes from before blocks. */
	clientBlock?: number;
	/** Picks its colour (colors.ts). */
	colorIndex?: number;
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
	/** What it does, or null when that cannot be told yet (update-summary.ts). */
	summary(): UpdateSummary | null;
	/** The lines, if it only adds observers' chat lines (observer-chat.ts). */
	observerLines(): unknown[] | null;
}

/**
 * `undecided`: the update builds on something this page does not have yet; it is judged
 * again once more has arrived.
 */
export type UpdateVerdict = 'apply' | 'refuse' | 'undecided';

/** The settings a candidate shares with the interviewer; the others are the interviewer's alone. */
const candidateSettings: ReadonlySet<string> = new Set(['language', 'stdin']);

/** Who a chat line says wrote it; a value without these is no line (readers skip it). */
const ClaimedAuthor = ChatMessage.pick({ authorId: true, author: true, role: true });

/**
 * Whether no line claims anyone but the sender: its id, name and role. A malformed line
 * claims nobody and is left to the readers, who skip it (room-doc.ts): refusing it would
 * make Yjs hold back everything the sender writes after it.
 */
function claimsOnlySender(lines: unknown[], sender: VerifiedPeer): boolean {
	return lines.every((line) => {
		const claimed = ClaimedAuthor.safeParse(line);
		return (
			!claimed.success ||
			(claimed.data.authorId === sender.participantId &&
				claimed.data.role === sender.role &&
				claimed.data.author === sender.name)
		);
	});
}

/**
 * Whether a document update sent by `sender` may be applied (what of it is the sender's own
 * is sorted out before: own-structs.ts). The interviewer's always are. A candidate's while
 * the interview runs, if it changes no setting but the language and the input and its chat
 * lines are in its own name — and once the editor is locked, only chat. An observer's only
 * when observers may chat, and then only new chat lines in its own name.
 */
export function judgeUpdate(
	sender: VerifiedPeer,
	rules: RoomRules,
	inspect: UpdateInspection
): UpdateVerdict {
	if (sender.role === 'interviewer') return 'apply';
	if (rules.ended) return 'refuse';
	if (sender.role === 'candidate') {
		const summary = inspect.summary();
		if (summary === null) return 'undecided';
		const allowed =
			[...summary.settingsKeys].every((key) => candidateSettings.has(key)) &&
			claimsOnlySender(summary.chatLines, sender) &&
			(!rules.editorLocked || [...summary.roots].every((root) => root === 'chat'));
		return allowed ? 'apply' : 'refuse';
	}
	if (!rules.observersMayChat) return 'refuse';
	const lines = inspect.observerLines();
	return lines !== null && areOwnObserverLines(lines, sender.participantId) ? 'apply' : 'refuse';
}
