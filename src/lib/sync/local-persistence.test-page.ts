// Runs in Chromium for local-persistence.test.ts, on the browser's own IndexedDB: what
// local-persistence.ts relies on in y-indexeddb 9.0.12, and what it tells of its writes.
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { readLocalCopyEarly, takeEarlyLocalCopy } from './early-local-copy';
import { LocalPersistence } from './local-persistence';

const done = <T>(request: IDBRequest<T>) =>
	new Promise<T>((resolve, reject) => {
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});

/**
 * What the store of y-indexeddb's database `name` holds, read through a connection of its
 * own: a transaction begun after a write was issued on the store waits for that write.
 */
async function storedUpdates(name: string): Promise<Uint8Array[]> {
	const db = await done(indexedDB.open(name));
	try {
		return await done(db.transaction('updates').objectStore('updates').getAll());
	} finally {
		db.close();
	}
}

const text = (doc: Y.Doc) => doc.getText('code').toString();

const localPersistencePage = {
	/**
	 * Edits a document y-indexeddb persists, before and after `doc.off('update', idb._storeUpdate)`:
	 * how many updates IndexedDB held after each.
	 */
	async perUpdateWriter(name: string) {
		const doc = new Y.Doc();
		const idb = new IndexeddbPersistence(name, doc);
		await idb.whenSynced;
		const storeUpdate = (idb as unknown as { _storeUpdate?: unknown })._storeUpdate;
		const opened = (await storedUpdates(name)).length;
		doc.getText('code').insert(0, 'written');
		const attached = (await storedUpdates(name)).length;
		doc.off('update', storeUpdate as () => void);
		doc.getText('code').insert(0, 'detached ');
		const detached = (await storedUpdates(name)).length;
		await idb.destroy();
		return { storeUpdate: typeof storeUpdate, opened, attached, detached };
	},

	/** Whether every update y-indexeddb restores into a document comes with itself as origin. */
	async restoredOrigins(name: string) {
		const writer = new Y.Doc();
		const first = new IndexeddbPersistence(name, writer);
		await first.whenSynced;
		writer.getText('code').insert(0, 'stored');
		await first.destroy();

		const doc = new Y.Doc();
		const origins: unknown[] = [];
		doc.on('update', (_update: Uint8Array, origin: unknown) => origins.push(origin));
		const idb = new IndexeddbPersistence(name, doc);
		await idb.whenSynced;
		const fromItself = origins.length > 0 && origins.every((origin) => origin === idb);
		await idb.destroy();
		return { fromItself, text: text(doc) };
	},

	/**
	 * How many entries of its journal `LocalPersistence` holds while a later 'update' listener
	 * (y-webrtc's send) sees an edit, at the end of the edit's task, and after a `pagehide`
	 * in the very task of another edit.
	 */
	async journalTiming(name: string) {
		const doc = new Y.Doc();
		const local = new LocalPersistence(name, doc);
		await local.whenRestored;
		const journaled = () =>
			Object.keys(localStorage).filter((key) => key.includes(`:doc:${name}:`)).length;
		const whenSent: number[] = [];
		doc.on('update', () => whenSent.push(journaled()));
		doc.getText('code').insert(0, 'a');
		await Promise.resolve();
		const endOfTask = journaled();
		doc.getText('code').insert(1, 'b');
		dispatchEvent(new PageTransitionEvent('pagehide'));
		const afterPagehide = journaled();
		await local.destroy();
		return { whenSent, endOfTask, afterPagehide };
	},

	/**
	 * A copy stored by one `LocalPersistence`, read early (`readLocalCopyEarly`) by the next
	 * page: what its document holds the moment the persistence is made, and once restored; and
	 * whether an early read of a room with no copy yet leaves a database y-indexeddb can use.
	 */
	async earlyRestore(name: string) {
		const writer = new Y.Doc();
		const first = new LocalPersistence(name, writer);
		await first.whenRestored;
		writer.getText('code').insert(0, 'stored earlier');
		await first.destroy();

		readLocalCopyEarly(name);
		const early = takeEarlyLocalCopy(name)!;
		await early.done;
		const doc = new Y.Doc();
		const local = new LocalPersistence(name, doc, early);
		const atOnce = text(doc);
		await local.whenRestored;
		const restored = text(doc);
		await local.destroy();

		const fresh = `${name}-fresh`;
		readLocalCopyEarly(fresh);
		const missing = await takeEarlyLocalCopy(fresh)!.done.then(
			(updates) => `read ${updates.length}`,
			(error: DOMException) => error.name
		);
		const freshDoc = new Y.Doc();
		const second = new LocalPersistence(fresh, freshDoc, takeEarlyLocalCopy(fresh));
		await second.whenRestored;
		freshDoc.getText('code').insert(0, 'new room');
		await second.destroy();
		return { atOnce, restored, missing, freshStored: (await storedUpdates(fresh)).length > 0 };
	},

	/** What `LocalPersistence` tells of an edit's write, and what IndexedDB holds once told. */
	async savedStates(name: string) {
		const doc = new Y.Doc();
		const local = new LocalPersistence(name, doc);
		await local.whenRestored;
		const told: boolean[] = [];
		const written = new Promise<void>((resolve) =>
			local.onSaved((saved) => {
				told.push(saved);
				if (saved && told.length > 1) resolve();
			})
		);
		doc.getText('code').insert(0, 'typed');
		await written;
		const restored = new Y.Doc();
		Y.applyUpdate(restored, Y.mergeUpdates(await storedUpdates(name)));
		await local.destroy();
		return { told, text: text(restored) };
	},

	/**
	 * Edits through `LocalPersistence`, whose batched write replaces what the store held by the
	 * whole state (`fetchUpdates`, then keys below `_dbref`); what the store holds after it.
	 */
	async wholeStateWrite(name: string) {
		const doc = new Y.Doc();
		const local = new LocalPersistence(name, doc);
		await local.whenRestored;
		for (const word of ['one ', 'two ', 'three'])
			doc.getText('code').insert(text(doc).length, word);
		await local.destroy();
		const stored = await storedUpdates(name);
		const restored = new Y.Doc();
		Y.applyUpdate(restored, Y.mergeUpdates(stored));
		return { entries: stored.length, text: text(restored) };
	}
};

Object.assign(window, { localPersistencePage });

declare global {
	interface Window {
		localPersistencePage: typeof localPersistencePage;
	}
}
