import type { SignedChatMessage } from '../protocol/chat';
import type { ChatLineVerifier } from '../protocol/chat-signature';
import { observeChat, readSignedChat, type RoomDoc } from '../shared/document/room-doc';

/** What a live page shows of the chat, and how many lines it leaves out. */
export interface VerifiedChat {
	/** The lines whose signature checked out, in the document's order, ids unique. */
	lines: SignedChatMessage[];
	/** Lines in the document that did not check out, or carry no signature at all. */
	unverified: number;
}

/**
 * Follows the chat as a live page shows it: only lines signed by a key the coordinator
 * certified for their author (chat-signature.ts), whoever relayed them. Checking is
 * asynchronous, so each line is checked once (by its whole content, signature and
 * certificate: a copy with anything changed is another line) and `onChange` gets the lines
 * verified so far, in order, after every change and every verdict. A refused line is logged
 * and counted, never shown. Returns a function that stops.
 */
export function watchVerifiedChat(
	room: RoomDoc,
	verify: ChatLineVerifier,
	onChange: (chat: VerifiedChat) => void
): () => void {
	const verdicts = new Map<string, 'pending' | 'verified' | 'refused'>();
	let stopped = false;
	let refreshQueued = false;

	function check(key: string, line: SignedChatMessage) {
		verdicts.set(key, 'pending');
		verify(line).then(
			() => settle(key, 'verified'),
			(error: unknown) => {
				console.warn(`chat line from "${line.author}" not shown: ${(error as Error).message}`);
				settle(key, 'refused');
			}
		);
	}

	function settle(key: string, verdict: 'verified' | 'refused') {
		verdicts.set(key, verdict);
		// Verdicts of one change arrive together: one refresh for all of them.
		if (refreshQueued) return;
		refreshQueued = true;
		queueMicrotask(() => {
			refreshQueued = false;
			refresh();
		});
	}

	function refresh() {
		if (stopped) return;
		const { lines, unsigned } = readSignedChat(room);
		const shown: SignedChatMessage[] = [];
		const shownIds = new Set<string>();
		let unverified = unsigned;
		for (const line of lines) {
			const key = contentKey(line);
			const verdict = verdicts.get(key);
			if (verdict === undefined) check(key, line);
			else if (verdict === 'refused') unverified++;
			else if (verdict === 'verified' && !shownIds.has(line.id)) {
				shownIds.add(line.id);
				shown.push(line);
			}
		}
		onChange({ lines: shown, unverified });
	}

	const stopObserving = observeChat(room, refresh);
	refresh();
	return () => {
		stopped = true;
		stopObserving();
	};
}

/** Everything a line's check depends on. */
const contentKey = ({ id, authorId, author, role, text, sentAt, cert, sig }: SignedChatMessage) =>
	JSON.stringify([id, authorId, author, role, text, sentAt, cert, sig]);
