const keyPrefix = 'pairdesk-journal:';
const seqDigits = 8;

export interface JournalEntry {
	/** Unique and, as a string, ordered: later pages and later entries sort after. */
	id: string;
	value: string;
}

/**
 * Writes that this page made and IndexedDB has not confirmed yet, kept in `localStorage`.
 *
 * An IndexedDB transaction still queued when the page goes (reload, closed tab, crash) is
 * aborted, and one begun in `pagehide` rarely completes; `localStorage.setItem` is done when
 * it returns, and its data outlives the page. So each write is appended here first, and
 * removed once its IndexedDB transaction has completed; the next page to open the same
 * journal recovers whatever is left and writes it again. The IndexedDB writes themselves
 * stay batched: the journal only holds the last moments' entries.
 */
export class LocalJournal {
	readonly #prefix: string;
	// Sorts by when the page opened the journal, so pages' entries recover in their order.
	readonly #page = `${Date.now().toString(36).padStart(9, '0')}-${Math.random().toString(36).slice(2, 8)}`;
	#seq = 0;
	#warned = false;

	/**
	 * @param name one journal per name: a page reads back only what pages with the same name left
	 * @param storage `localStorage`; another `Storage` in tests
	 */
	constructor(
		name: string,
		private readonly storage: Storage = localStorage
	) {
		this.#prefix = `${keyPrefix}${name}:`;
	}

	/**
	 * What earlier pages (or another open tab of the same journal) appended and never
	 * removed, oldest first. It stays in the journal until this page removes it.
	 */
	recover(): JournalEntry[] {
		const entries: JournalEntry[] = [];
		try {
			for (let index = 0; index < this.storage.length; index++) {
				const key = this.storage.key(index);
				if (!key?.startsWith(this.#prefix)) continue;
				const value = this.storage.getItem(key);
				if (value !== null) entries.push({ id: key.slice(this.#prefix.length), value });
			}
		} catch (error) {
			this.#warn(error);
		}
		return entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	}

	/**
	 * Appends `value`, durably once this returns, and returns its id. Should storage refuse
	 * (full, or disabled), it says so once on the console and the caller's IndexedDB write is
	 * all there is.
	 */
	append(value: string): string {
		const id = `${this.#page}-${(this.#seq++).toString().padStart(seqDigits, '0')}`;
		try {
			this.storage.setItem(this.#prefix + id, value);
		} catch (error) {
			this.#warn(error);
		}
		return id;
	}

	/** Forgets entries whose IndexedDB write has completed. */
	remove(ids: Iterable<string>) {
		try {
			for (const id of ids) this.storage.removeItem(this.#prefix + id);
		} catch (error) {
			this.#warn(error);
		}
	}

	#warn(error: unknown) {
		if (this.#warned) return;
		this.#warned = true;
		console.warn(
			`local journal ${this.#prefix}: ${error instanceof Error ? error.message : error}`
		);
	}
}
