import * as Y from 'yjs';
import type { EditEntry } from './seek';

/**
 * Where in `text` an edit left its author's cursor, in `doc` (the document at some instant
 * that includes the edit): just after the last character it inserted, or where it deleted.
 * Null when the edit was not in `text` (a chat line, the language) or is not in `doc`.
 */
export function editPosition(doc: Y.Doc, text: Y.Text, entry: EditEntry): number | null {
	const [deleted] = entry.deletes;
	const at =
		entry.client >= 0 && entry.clockEnd > 0
			? // assoc -1: the position after the character, or where it was once deleted.
				{ item: { client: entry.client, clock: entry.clockEnd - 1 }, assoc: -1 }
			: deleted
				? { item: { client: deleted[0], clock: deleted[1] }, assoc: 0 }
				: null;
	if (!at) return null;
	const position = Y.createAbsolutePositionFromRelativePosition(
		Y.createRelativePositionFromJSON(at),
		doc
	);
	return position && position.type === text ? position.index : null;
}

/**
 * Where the last of `entries` (sorted by time) made at or before `time` that edited `text`
 * left its author's cursor in `doc`, the document at `time`; null if none did.
 */
export function lastEditPosition(
	doc: Y.Doc,
	text: Y.Text,
	entries: EditEntry[],
	time: number
): number | null {
	let index = lastIndexAtOrBefore(entries, time);
	for (; index >= 0; index--) {
		const position = editPosition(doc, text, entries[index]!);
		if (position !== null) return position;
	}
	return null;
}

/** The index of the last entry at or before `time` in `entries` sorted by time; -1 for none. */
function lastIndexAtOrBefore(entries: EditEntry[], time: number): number {
	let low = 0;
	let high = entries.length;
	while (low < high) {
		const middle = (low + high) >> 1;
		if (entries[middle]!.at <= time) low = middle + 1;
		else high = middle;
	}
	return low - 1;
}
