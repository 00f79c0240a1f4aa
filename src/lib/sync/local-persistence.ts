import { IndexeddbPersistence, storeState } from 'y-indexeddb';
import type * as Y from 'yjs';
import { createWriteBatcher } from './write-batcher';

const writeIdleMs = 200;
const writeMaxWaitMs = 1000;

/**
 * Keeps a room's document in IndexedDB so a refresh restores it before any peer connects.
 *
 * y-indexeddb writes one IndexedDB transaction per update, and a fast burst of updates
 * falls behind and is lost on reload. Here a burst is written as one compacted state.
 */
export class LocalPersistence {
	readonly #idb: IndexeddbPersistence;
	readonly #batcher = createWriteBatcher({
		idleMs: writeIdleMs,
		maxWaitMs: writeMaxWaitMs,
		write: () => {
			this.#lastWrite = this.#idb.whenSynced.then(() => storeState(this.#idb, true));
		}
	});
	#lastWrite: Promise<unknown> = Promise.resolve();

	constructor(name: string, doc: Y.Doc) {
		this.#idb = new IndexeddbPersistence(name, doc);
		// Kludge: y-indexeddb has no option to batch writes, so its per-update writer is
		// detached and the batcher takes its place.
		doc.off('update', (this.#idb as unknown as { _storeUpdate: () => void })._storeUpdate);
		doc.on('update', this.#onUpdate);
		addEventListener('pagehide', this.#flush);
		document.addEventListener('visibilitychange', this.#flush);
	}

	#onUpdate = (_update: Uint8Array, origin: unknown) => {
		if (origin !== this.#idb) this.#batcher.changed();
	};

	#flush = () => this.#batcher.flush();

	async destroy() {
		this.#flush();
		removeEventListener('pagehide', this.#flush);
		document.removeEventListener('visibilitychange', this.#flush);
		this.#idb.doc.off('update', this.#onUpdate);
		await this.#lastWrite;
		await this.#idb.destroy();
	}
}
