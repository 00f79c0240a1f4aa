import { fromBase64, toBase64 } from 'lib0/buffer';
import { fetchUpdates, IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import type { EarlyLocalCopy } from './early-local-copy';
import { endOfTaskBatch } from './end-of-task';
import { LocalJournal } from './local-journal';
import { createWriteBatcher } from './write-batcher';

const writeIdleMs = 200;
const writeMaxWaitMs = 1000;

/** Resolves when `transaction` has committed. */
function committed(transaction: IDBTransaction): Promise<void> {
	return new Promise((resolve, reject) => {
		transaction.oncomplete = () => resolve();
		transaction.onerror = () => reject(transaction.error);
		transaction.onabort = () => reject(transaction.error ?? new Error('transaction aborted'));
	});
}

/**
 * Replaces what IndexedDB holds of the document by its whole state, in one transaction;
 * resolves once that has committed. (y-indexeddb's `storeState` resolves before its write.)
 */
async function storeWholeState(idb: IndexeddbPersistence): Promise<void> {
	const updates = await fetchUpdates(idb);
	const done = committed(updates.transaction);
	updates.add(Y.encodeStateAsUpdate(idb.doc));
	updates.delete(IDBKeyRange.upperBound(idb._dbref, true));
	await done;
}

/**
 * Keeps a room's document in IndexedDB so a refresh restores it before any peer connects.
 *
 * y-indexeddb writes one IndexedDB transaction per update, and a fast burst of updates
 * falls behind and is lost on reload. Here a burst is written as one compacted state, and
 * each update this page makes is first appended to a `LocalJournal`, so that the updates
 * of the last moments before a reload, a closed tab or a crash are restored too.
 */
export class LocalPersistence {
	readonly #idb: IndexeddbPersistence;
	readonly #journal: LocalJournal;
	/** Journal entries the next write covers: on its commit they leave the journal. */
	#unwritten: string[] = [];
	readonly #batcher = createWriteBatcher({
		idleMs: writeIdleMs,
		maxWaitMs: writeMaxWaitMs,
		write: () => {
			const covered = this.#unwritten;
			this.#unwritten = [];
			this.#writing += 1;
			this.#lastWrite = this.#lastWrite
				.then(() => this.#idb.whenSynced)
				.then(() => storeWholeState(this.#idb))
				.then(
					() => {
						this.#journal.remove(covered);
						this.#failed = false;
					},
					(error) => {
						// The journal still has them; the next write covers them.
						this.#unwritten.unshift(...covered);
						this.#failed = true;
						console.warn('local copy of the room not saved:', error);
					}
				)
				.finally(() => {
					this.#writing -= 1;
					this.#tellSaved();
				});
		}
	});
	#lastWrite: Promise<unknown> = Promise.resolve();
	/** Writes begun and not committed (or failed) yet. */
	#writing = 0;
	/** The last write failed: what it covered is in the journal only, until the next one. */
	#failed = false;
	readonly #savedListeners = new Set<(saved: boolean) => void>();
	#toldSaved = true;

	readonly #restored: Promise<unknown>;
	#destroyed = false;

	/** Resolves once what IndexedDB had is in the document. */
	get whenRestored(): Promise<unknown> {
		return this.#restored;
	}

	/**
	 * @param early a read of the same database begun earlier (`readLocalCopyEarly`): what it
	 *   read goes into the document at once, here if it is done already, so the editor opens
	 *   with it, rather than after y-indexeddb has opened the database and read it again
	 */
	constructor(name: string, doc: Y.Doc, early?: EarlyLocalCopy) {
		this.#idb = new IndexeddbPersistence(name, doc);
		this.#journal = new LocalJournal(`doc:${name}`);
		// Kludge: y-indexeddb has no option to batch writes, so its per-update writer is
		// detached and the batcher takes its place.
		doc.off('update', (this.#idb as unknown as { _storeUpdate: () => void })._storeUpdate);
		doc.on('update', this.#onUpdate);
		this.#restored = early ? this.#restoreEarly(early) : this.#idb.whenSynced;
		this.#restoreJournal(doc);
		addEventListener('pagehide', this.#flush);
		document.addEventListener('visibilitychange', this.#flush);
	}

	/**
	 * Calls `listener` with whether IndexedDB holds every change of the document so far (no
	 * write is waiting, under way or failed), now and whenever that changes; returns the
	 * function that stops it.
	 */
	onSaved(listener: (saved: boolean) => void): () => void {
		this.#savedListeners.add(listener);
		listener(this.#saved);
		return () => this.#savedListeners.delete(listener);
	}

	get #saved(): boolean {
		return !this.#changes.pending && !this.#batcher.pending && this.#writing === 0 && !this.#failed;
	}

	#tellSaved() {
		if (this.#saved === this.#toldSaved) return;
		this.#toldSaved = this.#saved;
		for (const listener of this.#savedListeners) listener(this.#toldSaved);
	}

	/**
	 * Applies an early read of the local copy, synchronously when it is done already; the
	 * restore is complete when it or y-indexeddb's own read (the same updates again, which
	 * change nothing then) is.
	 */
	#restoreEarly(early: EarlyLocalCopy): Promise<unknown> {
		const applied = early.updates
			? Promise.resolve(this.#applyRestored(early.updates))
			: early.done.then((updates) => this.#applyRestored(updates));
		return Promise.race([applied.catch(() => this.#idb.whenSynced), this.#idb.whenSynced]);
	}

	/** Stored updates go in as y-indexeddb's own restore does: from it, not to be written back. */
	#applyRestored(updates: Uint8Array[]) {
		if (this.#destroyed || !updates.length) return;
		Y.transact(
			this.#idb.doc,
			() => {
				for (const update of updates) {
					try {
						Y.applyUpdate(this.#idb.doc, update);
					} catch (error) {
						console.warn('skipped an unreadable update of the local copy:', error);
					}
				}
			},
			this.#idb,
			false
		);
	}

	/** Applies what the page before this one had not written yet, as a remote change. */
	#restoreJournal(doc: Y.Doc) {
		const entries = this.#journal.recover();
		if (!entries.length) return;
		Y.transact(
			doc,
			() => {
				for (const { id, value } of entries) {
					try {
						Y.applyUpdate(doc, fromBase64(value));
					} catch (error) {
						console.warn('dropped an unreadable entry of the local journal:', error);
					}
					this.#unwritten.push(id);
				}
			},
			this.#journal,
			false
		);
	}

	// Off the keystroke's path: journaled once the update has gone to the peers (end-of-task.ts).
	readonly #changes = endOfTaskBatch<{ update: Uint8Array; local: boolean }>((changes) => {
		for (const { update, local } of changes) {
			// Peers' updates are also in their own copies, and come back at the next sync.
			if (local) this.#unwritten.push(this.#journal.append(toBase64(update)));
		}
		this.#batcher.changed();
		this.#tellSaved();
	});

	#onUpdate = (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
		if (origin !== this.#idb) this.#changes.push({ update, local: transaction.local });
	};

	#flush = () => {
		this.#changes.flush();
		this.#batcher.flush();
	};

	async destroy() {
		this.#destroyed = true;
		this.#idb.doc.off('update', this.#onUpdate);
		this.#flush();
		removeEventListener('pagehide', this.#flush);
		document.removeEventListener('visibilitychange', this.#flush);
		await this.#lastWrite;
		await this.#idb.destroy();
	}
}
