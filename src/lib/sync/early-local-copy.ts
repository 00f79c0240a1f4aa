/** The IndexedDB database (y-indexeddb's) that keeps a room's local copy. */
export const localCopyName = (roomId: string) => `pairdesk:${roomId}`;

/** A read of a local copy begun before the room opens. */
export interface EarlyLocalCopy {
	/** The stored updates once read (none: `[]`); undefined while the read is under way. */
	updates: Uint8Array[] | undefined;
	/** Resolves with them; rejects if the read failed (y-indexeddb's own read still follows). */
	done: Promise<Uint8Array[]>;
}

const reads = new Map<string, EarlyLocalCopy>();

/** Every update y-indexeddb stored in the database `name`, without creating it. */
function readStoredUpdates(name: string): Promise<Uint8Array[]> {
	return new Promise((resolve, reject) => {
		const request = indexedDB.open(name);
		// No copy yet. An empty database made here would lack the stores y-indexeddb creates
		// when it makes the database itself, so the creation is called off.
		request.onupgradeneeded = () => request.transaction?.abort();
		request.onerror = () => reject(request.error);
		request.onsuccess = () => {
			const db = request.result;
			try {
				const read = db.transaction('updates', 'readonly').objectStore('updates').getAll();
				read.onsuccess = () => resolve(read.result as Uint8Array[]);
				read.onerror = () => reject(read.error);
			} catch (error) {
				reject(error);
			} finally {
				// Closes once the read's transaction is done; nothing waits on this connection.
				db.close();
			}
		};
	});
}

/**
 * Starts reading the local copy of the database `name` now, while the page still loads, so
 * that the room can show it the moment it opens (`takeEarlyLocalCopy`). A later call begins
 * a new read: what the last page left may have changed since.
 */
export function readLocalCopyEarly(name: string): void {
	const read: EarlyLocalCopy = { updates: undefined, done: readStoredUpdates(name) };
	read.done.then(
		(updates) => (read.updates = updates),
		() => {
			// Nothing early then: the persistence reads the copy itself.
		}
	);
	reads.set(name, read);
}

/** The read `readLocalCopyEarly` began for `name`, once: the next load of the room reads again. */
export function takeEarlyLocalCopy(name: string): EarlyLocalCopy | undefined {
	const read = reads.get(name);
	reads.delete(name);
	return read;
}
