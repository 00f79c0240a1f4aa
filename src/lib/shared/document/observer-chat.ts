import * as Y from 'yjs';

/**
 * The chat lines `update` adds if it does nothing else than add lines to the observers'
 * chat (room-doc.ts): each struct sets a new key of that root, naming it, and nothing is
 * deleted. Null for any other update. Needs no document, so the coordinator can check too.
 */
export function observerChatLines(update: Uint8Array): unknown[] | null {
	let decoded: ReturnType<typeof Y.decodeUpdate>;
	try {
		decoded = Y.decodeUpdate(update);
	} catch {
		return null;
	}
	if (decoded.ds.clients.size > 0) return null;
	const lines: unknown[] = [];
	for (const struct of decoded.structs) {
		if (
			!(struct instanceof Y.Item) ||
			(struct.parent as unknown) !== 'observerChat' ||
			struct.parentSub === null ||
			struct.origin !== null ||
			!(struct.content instanceof Y.ContentAny)
		) {
			return null;
		}
		lines.push(...struct.content.arr);
	}
	return lines;
}

/** Whether every line is an observer's, written by `participantId` itself. */
export function areOwnObserverLines(lines: unknown[], participantId: string): boolean {
	return lines.every((line) => {
		if (typeof line !== 'object' || line === null) return false;
		const { authorId, role } = line as { authorId?: unknown; role?: unknown };
		return authorId === participantId && role === 'observer';
	});
}
