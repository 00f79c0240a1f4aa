import { toBase64 } from 'lib0/buffer';
import type * as Y from 'yjs';
import { maxEntriesPerUpload, RecordedEntry, type RecordedSignal } from '../protocol/recording';
import type { LocalJournal } from '../sync/local-journal';
import { endOfTaskBatch } from '../sync/end-of-task';
import { createWriteBatcher } from '../sync/write-batcher';
import type { KeyedEntry, RecordingQueue } from './upload-queue';

export interface RecorderOptions {
	doc: Y.Doc;
	/** Opening IndexedDB takes a moment; edits made meanwhile wait in memory. */
	queue: Promise<RecordingQueue>;
	/**
	 * Holds each entry from the moment it is recorded until the queue has it: what the page
	 * before this one left there is queued by this one.
	 */
	journal: LocalJournal;
	/** Sends a batch to the coordinator; resolves once it is stored there. */
	upload(entries: RecordedEntry[]): Promise<unknown>;
	uploadEveryMs: number;
	/** True for a refusal that retrying cannot fix (a malformed or oversized entry). */
	isRejection(error: unknown): boolean;
	onError?(error: unknown): void;
}

/**
 * Records what this participant does in the room — every Yjs update its own editor makes,
 * timestamped, and the signals it is given — into the upload queue, and drains the queue
 * to the coordinator every few seconds. When the coordinator is away the queue grows;
 * when it is back the queue drains. Other peers' updates are theirs to record.
 *
 * An entry is in the journal as soon as it is recorded, and in the queue a moment later
 * (writes are batched); it leaves the journal once the queue has it. So neither a reload
 * nor a closed or crashed tab loses one, and the next page queues and uploads what the
 * last one left, once: the queue keys entries by their journal id, the coordinator
 * recognises an upload it already stored.
 */
export class Recorder {
	private pending: KeyedEntry[] = [];
	private lastWrite: Promise<void> = Promise.resolve();
	private draining: Promise<void> | null = null;
	private drainAgain: Promise<void> | null = null;
	private readonly timer: ReturnType<typeof setInterval>;
	private readonly batcher = createWriteBatcher({
		idleMs: 100,
		maxWaitMs: 500,
		write: () => {
			const entries = this.pending;
			this.pending = [];
			this.lastWrite = this.lastWrite
				.then(async () => (await this.options.queue).put(entries))
				.then(
					() => this.options.journal.remove(entries.map(({ key }) => key)),
					(error) => {
						// Still in the journal: the next write tries them again.
						this.pending.unshift(...entries);
						this.onError(error);
					}
				);
		}
	});

	// Off the keystroke's path: journaled once the update has gone to the peers (end-of-task.ts),
	// signals too, so that entries keep the order they happened in.
	private readonly recorded = endOfTaskBatch<() => RecordedEntry>((made) => {
		for (const make of made) this.push(make());
	});

	constructor(private readonly options: RecorderOptions) {
		this.requeueJournal();
		options.doc.on('update', this.onUpdate);
		this.timer = setInterval(() => void this.drain(), options.uploadEveryMs);
		// What the page before this one left goes now, not at the first tick: an upload of it
		// that page may have made unacknowledged is best repeated while the coordinator still
		// recognises it.
		void this.drain();
	}

	private requeueJournal() {
		for (const { id, value } of this.options.journal.recover()) {
			const entry = parseEntry(value);
			if (entry) this.pending.push({ key: id, entry });
			else {
				this.options.journal.remove([id]);
				this.onError(new Error(`dropped an unreadable recording entry ${id}`));
			}
		}
		if (this.pending.length) this.batcher.changed();
	}

	private onError = (error: unknown) => this.options.onError?.(error);

	private onUpdate = (
		update: Uint8Array,
		_origin: unknown,
		_doc: Y.Doc,
		transaction: Y.Transaction
	) => {
		// Restores from IndexedDB and peers' updates arrive as remote transactions.
		if (!transaction.local) return;
		const at = Date.now();
		this.recorded.push(() => ({ type: 'update', at, update: toBase64(update) }));
	};

	record(signal: RecordedSignal) {
		const entry: RecordedEntry = {
			type: 'signal',
			id: crypto.randomUUID(),
			at: Date.now(),
			signal
		};
		this.recorded.push(() => entry);
	}

	private push(entry: RecordedEntry) {
		const key = this.options.journal.append(JSON.stringify(entry));
		this.pending.push({ key, entry });
		this.batcher.changed();
	}

	/** Writes what is buffered to the queue now. */
	async persist(): Promise<void> {
		this.recorded.flush();
		this.batcher.flush();
		await this.lastWrite;
	}

	/**
	 * Uploads the queue, with all recorded until now, until it is empty or an upload fails
	 * (the next tick retries).
	 */
	drain(): Promise<void> {
		// A drain under way may have read the queue before the latest entries: one more follows.
		if (this.draining) {
			return (this.drainAgain ??= this.draining.then(() => {
				this.drainAgain = null;
				return this.drain();
			}));
		}
		this.draining = this.drainQueue().finally(() => (this.draining = null));
		return this.draining;
	}

	private async drainQueue() {
		await this.persist();
		const queue = await this.options.queue;
		for (;;) {
			const batch = await queue.peek(maxEntriesPerUpload);
			if (!batch.keys.length) return;
			try {
				await this.options.upload(batch.entries);
			} catch (error) {
				this.onError(error);
				if (!this.options.isRejection(error)) return;
				// One bad entry must not hold back the rest: retry them one by one, and drop
				// only those the coordinator refuses on their own.
				if (!(await this.uploadOneByOne(batch.entries))) return;
			}
			await queue.remove(batch.keys);
		}
	}

	private async uploadOneByOne(entries: RecordedEntry[]): Promise<boolean> {
		for (const entry of entries) {
			try {
				await this.options.upload([entry]);
			} catch (error) {
				if (!this.options.isRejection(error)) return false;
				this.onError(error);
			}
		}
		return true;
	}

	/** Entries not yet acknowledged by the coordinator. */
	async unsent(): Promise<number> {
		await this.persist();
		return (await this.options.queue).count();
	}

	async stop() {
		clearInterval(this.timer);
		this.options.doc.off('update', this.onUpdate);
		await this.persist();
		await (this.drainAgain ?? this.draining);
		(await this.options.queue).close();
	}
}

function parseEntry(json: string): RecordedEntry | null {
	try {
		const parsed = RecordedEntry.safeParse(JSON.parse(json));
		return parsed.success ? parsed.data : null;
	} catch {
		return null;
	}
}
