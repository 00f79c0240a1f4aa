import type { RecordedEntry } from '../protocol/recording';

const storeName = 'entries';

export interface QueuedBatch {
	keys: IDBValidKey[];
	entries: RecordedEntry[];
}

/** An entry and the key it is queued under, which orders the queue. */
export interface KeyedEntry {
	key: string;
	entry: RecordedEntry;
}

/** Where recorded entries wait for the coordinator's acknowledgement. */
export interface RecordingQueue {
	/** Stores entries under their keys; one stored again under the same key stays one. */
	put(entries: KeyedEntry[]): Promise<void>;
	/** The oldest `limit` entries and their keys, without removing them. */
	peek(limit: number): Promise<QueuedBatch>;
	remove(keys: IDBValidKey[]): Promise<void>;
	count(): Promise<number>;
	close(): void;
}

/**
 * A room's recording entries waiting for the coordinator's acknowledgement, in IndexedDB so
 * that neither a refresh nor a coordinator outage loses them. Entries leave the queue only
 * through `remove`, after an upload was acknowledged.
 */
export class UploadQueue implements RecordingQueue {
	private constructor(private readonly db: IDBDatabase) {}

	static open(roomId: string): Promise<UploadQueue> {
		return new Promise((resolve, reject) => {
			const request = indexedDB.open(`pairdesk-recording:${roomId}`, 1);
			request.onupgradeneeded = () =>
				request.result.createObjectStore(storeName, { autoIncrement: true });
			request.onsuccess = () => resolve(new UploadQueue(request.result));
			request.onerror = () => reject(request.error);
		});
	}

	/**
	 * Stores entries in one transaction, under their keys: what a page queues again after a
	 * reload is not queued twice. (Entries queued before keys were given have numbers, which
	 * sort before any string: oldest first still.)
	 */
	put(entries: KeyedEntry[]): Promise<void> {
		if (!entries.length) return Promise.resolve();
		return this.transact('readwrite', (store) => {
			for (const { key, entry } of entries) store.put(entry, key);
		});
	}

	/** The oldest `limit` entries and their keys, without removing them. */
	peek(limit: number): Promise<QueuedBatch> {
		const batch: QueuedBatch = { keys: [], entries: [] };
		return this.transact('readonly', (store) => {
			const cursor = store.openCursor();
			cursor.onsuccess = () => {
				const current = cursor.result;
				if (!current || batch.keys.length >= limit) return;
				batch.keys.push(current.key);
				batch.entries.push(current.value as RecordedEntry);
				current.continue();
			};
		}).then(() => batch);
	}

	remove(keys: IDBValidKey[]): Promise<void> {
		return this.transact('readwrite', (store) => {
			for (const key of keys) store.delete(key);
		});
	}

	count(): Promise<number> {
		let count = 0;
		return this.transact('readonly', (store) => {
			const request = store.count();
			request.onsuccess = () => (count = request.result);
		}).then(() => count);
	}

	close() {
		this.db.close();
	}

	private transact(mode: IDBTransactionMode, work: (store: IDBObjectStore) => void): Promise<void> {
		return new Promise((resolve, reject) => {
			const transaction = this.db.transaction(storeName, mode);
			work(transaction.objectStore(storeName));
			transaction.oncomplete = () => resolve();
			transaction.onerror = () => reject(transaction.error);
			transaction.onabort = () => reject(transaction.error);
		});
	}
}
