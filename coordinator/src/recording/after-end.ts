import * as Y from 'yjs';
import type { RecordedEntry } from '../../../src/lib/protocol/recording';

/**
 * How far past the end an author's clock may put an entry: pages' clocks drift from the
 * server's by a little, and the End click reaches the server a moment after it was made.
 */
export const postEndGraceMs = 10_000;

export class EndSnapshotError extends Error {
	override name = 'EndSnapshotError';
}

/** The interviewer page's final document (a Yjs snapshot), as the coordinator keeps it. */
export function decodeEndSnapshot(bytes: Uint8Array): Y.Snapshot {
	let snapshot: Y.Snapshot;
	try {
		snapshot = Y.decodeSnapshot(bytes);
	} catch {
		throw new EndSnapshotError('The final state is not a Yjs snapshot');
	}
	// Compared with merged delete sets below: normalise it once.
	return Y.createSnapshot(Y.mergeDeleteSets([snapshot.ds]), snapshot.sv);
}

export interface EndedRoom {
	endedAt: Date;
	/** What the ending interviewer's page had; null when the interview was ended without it. */
	endSnapshot: Y.Snapshot | null;
}

export interface SortedEntries {
	accepted: RecordedEntry[];
	/** Entries made after the end, or not part of the document as it ended. */
	late: number;
}

/**
 * What of an upload arriving after the end still belongs in the record: entries made
 * before the end (by their author's clock, with a small grace) and, for edits, only what
 * the ending interviewer's page already had — an author's clock is its own word, the
 * interviewer's final document is not. Nothing else changes the record of an ended interview.
 * `bytesOf` gives an update entry's decoded bytes.
 */
export function entriesBeforeEnd(
	room: EndedRoom,
	entries: RecordedEntry[],
	bytesOf: (update: RecordedEntry & { type: 'update' }) => Uint8Array
): SortedEntries {
	const latest = room.endedAt.getTime() + postEndGraceMs;
	const accepted = entries.filter((entry) => {
		if (entry.at > latest) return false;
		if (entry.type !== 'update' || !room.endSnapshot) return true;
		return Y.snapshotContainsUpdate(room.endSnapshot, bytesOf(entry));
	});
	return { accepted, late: entries.length - accepted.length };
}
