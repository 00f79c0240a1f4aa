import * as Y from 'yjs';

/** Asks the coordinator for what its record of the room has beyond the state vector `have`. */
export type FetchRecorded = (have: Uint8Array) => Promise<Uint8Array>;

export interface RecordFillOptions {
	doc: Y.Doc;
	fetchRecorded: FetchRecorded;
	/** Starts once the local copy is restored: then only what it lacks is fetched. */
	after: Promise<unknown>;
	/** How often to look again while the document waits for something it lacks. */
	everyMs?: number;
	/** Once, after the first fetch brought what the record has (if anything). */
	onFirstFill?(): void;
	onError?(error: unknown): void;
}

/** Whether Yjs holds updates back because what they build on is not in the document. */
const lacksSomething = (doc: Y.Doc) =>
	doc.store.pendingStructs !== null || doc.store.pendingDs !== null;

/**
 * Fills in from the coordinator's record what no peer gives this page. A peer passes on
 * only its own edits (an interviewer anyone's), so once an author has left and no
 * interviewer is there, their edits — and every edit built on them — would stay missing
 * here. Fetches once at the start, then again whenever the document is waiting for
 * something. The record holds only what each author uploaded and the coordinator allowed
 * by the same rules the peers apply. Returns a function that stops.
 */
export function fillFromRecord(options: RecordFillOptions): () => void {
	const { doc, fetchRecorded } = options;
	let stopped = false;
	let fetching = false;
	let filled = false;
	const fill = async () => {
		if (stopped || fetching) return;
		fetching = true;
		try {
			const update = await fetchRecorded(Y.encodeStateVector(doc));
			if (stopped) return;
			if (update.byteLength) Y.applyUpdate(doc, update, fillFromRecord);
			if (!filled) {
				filled = true;
				options.onFirstFill?.();
			}
		} catch (error) {
			options.onError?.(error);
		} finally {
			fetching = false;
		}
	};
	void options.after.then(fill, fill);
	const timer = setInterval(() => void (lacksSomething(doc) && fill()), options.everyMs ?? 5000);
	return () => {
		stopped = true;
		clearInterval(timer);
	};
}
