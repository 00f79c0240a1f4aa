import * as Y from 'yjs';
import type { RecordedEntry } from '../../../src/lib/protocol/recording';
import { roomDoc, type RoomDoc } from '../../../src/lib/shared/document/room-doc';

export const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** An update as a page's recorder queues it, made at `at` by its author's clock. */
export const updateEntry = (update: Uint8Array, at = Date.now()): RecordedEntry => ({
	type: 'update',
	at,
	update: base64(update)
});

/** A page's document writing as Yjs client `clientId`, and every update it made. */
export function recordingPage(clientId: number) {
	const room = roomDoc();
	room.doc.clientID = clientId;
	const updates: Uint8Array[] = [];
	room.doc.on('update', (update: Uint8Array) => updates.push(update));
	return {
		room,
		/** Applies `change` and returns the one update it produced. */
		edit(change: (room: RoomDoc) => void): Uint8Array {
			change(room);
			return updates.at(-1)!;
		},
		/** Takes in another page's updates, as a peer does. */
		receive(...received: Uint8Array[]) {
			for (const update of received) Y.applyUpdate(room.doc, update, 'peer');
		}
	};
}
