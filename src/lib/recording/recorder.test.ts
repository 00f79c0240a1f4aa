import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { RecordedEntry } from '../protocol/recording';
import { LocalJournal } from '../sync/local-journal';
import { MemoryStorage } from '../test-support/memory-storage';
import { Recorder } from './recorder';
import type { KeyedEntry, QueuedBatch, RecordingQueue } from './upload-queue';

/**
 * The IndexedDB queue's behaviour in memory: Node has no IndexedDB. The real queue runs in
 * the e2e tests (tests/e2e/outage.test.ts drains it after a coordinator outage,
 * tests/e2e/reload-durability.test.ts after reloads and a crash).
 */
class InMemoryRecordingQueue implements RecordingQueue {
	readonly stored = new Map<string, RecordedEntry>();
	/** When set, the next `put` fails with it, as a full IndexedDB would. */
	refuse: Error | null = null;
	async put(entries: KeyedEntry[]) {
		const refusal = this.refuse;
		this.refuse = null;
		if (refusal) throw refusal;
		for (const { key, entry } of entries) this.stored.set(key, entry);
	}
	async peek(limit: number): Promise<QueuedBatch> {
		const oldest = [...this.stored].sort(([a], [b]) => (a < b ? -1 : 1)).slice(0, limit);
		return { keys: oldest.map(([key]) => key), entries: oldest.map(([, entry]) => entry) };
	}
	async remove(keys: IDBValidKey[]) {
		for (const key of keys) this.stored.delete(key as string);
	}
	async count() {
		return this.stored.size;
	}
	close() {}
}

class Rejection extends Error {}

function setUp(
	upload: (entries: RecordedEntry[]) => Promise<unknown>,
	options: {
		uploadEveryMs?: number;
		/** The page before's: its localStorage and IndexedDB queue. */
		storage?: MemoryStorage;
		queue?: InMemoryRecordingQueue;
	} = {}
) {
	const doc = new Y.Doc();
	const queue = options.queue ?? new InMemoryRecordingQueue();
	const storage = options.storage ?? new MemoryStorage();
	const recorder = new Recorder({
		doc,
		queue: Promise.resolve(queue),
		journal: new LocalJournal('recording:room:participant', storage),
		upload,
		uploadEveryMs: options.uploadEveryMs ?? 60_000,
		isRejection: (error) => error instanceof Rejection
	});
	return { doc, queue, storage, recorder, text: doc.getText('code') };
}

const kinds = (entries: RecordedEntry[]) =>
	entries.map((entry) => (entry.type === 'signal' ? entry.signal.kind : 'update'));

afterEach(() => vi.useRealTimers());

describe('Recorder', () => {
	it("records this peer's own edits with their time, not updates from others or from a restore", async () => {
		const uploaded: RecordedEntry[] = [];
		const { doc, recorder, text } = setUp(async (entries) => uploaded.push(...entries));
		text.insert(0, 'a');
		text.insert(1, 'b');
		const peer = new Y.Doc();
		peer.getText('code').insert(0, 'from a peer');
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer));

		await recorder.drain();
		expect(uploaded.map((entry) => entry.type)).toEqual(['update', 'update']);
		const replayed = new Y.Doc();
		for (const entry of uploaded) {
			if (entry.type === 'update') Y.applyUpdate(replayed, Buffer.from(entry.update, 'base64'));
		}
		expect(replayed.getText('code').toString()).toBe('ab');
		expect(uploaded.every((entry) => Math.abs(entry.at - Date.now()) < 5_000)).toBe(true);
		await recorder.stop();
	});

	it('keeps everything while uploads fail and sends it, in order, once they work again', async () => {
		let online = false;
		const uploaded: RecordedEntry[] = [];
		const { queue, recorder, text } = setUp(async (entries) => {
			if (!online) throw new Error('coordinator unreachable');
			uploaded.push(...entries);
		});
		for (const char of 'offline') text.insert(text.length, char);
		recorder.record({ kind: 'hidden' });
		await recorder.drain();
		expect(queue.stored.size).toBe(8);
		expect(uploaded).toEqual([]);

		online = true;
		await recorder.drain();
		expect(queue.stored.size).toBe(0);
		expect(kinds(uploaded)).toEqual([...Array(7).fill('update'), 'hidden']);
		await recorder.stop();
	});

	it('drains a long queue in batches the coordinator accepts', async () => {
		const batches: number[] = [];
		const { recorder, text } = setUp(async (entries) => batches.push(entries.length));
		for (let i = 0; i < 450; i++) text.insert(text.length, 'x');
		await recorder.drain();
		expect(batches).toEqual([200, 200, 50]);
		await recorder.stop();
	});

	it('drops only an entry the coordinator refuses on its own, and sends the rest', async () => {
		const uploaded: RecordedEntry[] = [];
		const { queue, recorder, text } = setUp(async (entries) => {
			if (entries.some((entry) => entry.type === 'signal')) throw new Rejection('refused');
			uploaded.push(...entries);
		});
		text.insert(0, 'a');
		recorder.record({ kind: 'joined' });
		text.insert(1, 'b');
		await recorder.drain();
		expect(uploaded.map((entry) => entry.type)).toEqual(['update', 'update']);
		expect(queue.stored.size).toBe(0);
		await recorder.stop();
	});

	it('uploads on its own every few seconds', async () => {
		vi.useFakeTimers();
		const uploaded: RecordedEntry[] = [];
		const { recorder, text } = setUp(async (entries) => uploaded.push(...entries), {
			uploadEveryMs: 3_000
		});
		text.insert(0, 'tick');
		await vi.advanceTimersByTimeAsync(2_900);
		expect(uploaded).toEqual([]);
		await vi.advanceTimersByTimeAsync(200);
		expect(uploaded).toHaveLength(1);
		await recorder.stop();
	});

	it('has each entry in the journal as it is recorded; the next page uploads what the last one never wrote', async () => {
		vi.useFakeTimers();
		const page = setUp(async () => {
			throw new Error('the page went before any upload');
		});
		for (const char of 'lost?') page.text.insert(page.text.length, char);
		page.recorder.record({ kind: 'left' });
		// The page goes once this task is done (the journal has every entry by then): its
		// batched write to the queue never happens.
		await Promise.resolve();
		expect(page.queue.stored.size).toBe(0);
		vi.useRealTimers();

		const uploaded: RecordedEntry[] = [];
		const next = setUp(async (entries) => uploaded.push(...entries), {
			storage: page.storage,
			queue: page.queue
		});
		// At once, not at the first upload tick a minute away.
		await vi.waitFor(() => expect(kinds(uploaded)).toEqual([...Array(5).fill('update'), 'left']));
		const replayed = new Y.Doc();
		for (const entry of uploaded) {
			if (entry.type === 'update') Y.applyUpdate(replayed, Buffer.from(entry.update, 'base64'));
		}
		expect(replayed.getText('code').toString()).toBe('lost?');
		expect(next.storage.length).toBe(0);
		await next.recorder.stop();
	});

	it("journals an edit after the update's other listeners (the send to the peers), by the end of its task", async () => {
		const { doc, storage, recorder, text } = setUp(async () => {});
		// Registered after the recorder, as y-webrtc's sender is: it sees the journal as it is
		// while the update goes out.
		const journaledWhenSent: number[] = [];
		doc.on('update', () => journaledWhenSent.push(storage.length));
		text.insert(0, 'a');
		recorder.record({ kind: 'left' });
		text.insert(1, 'b');
		expect(journaledWhenSent).toEqual([0, 0]);
		await Promise.resolve();
		expect(storage.length).toBe(3);
		const order = [...storage.items.values()].map((value) => JSON.parse(value).type);
		expect(order).toEqual(['update', 'signal', 'update']);
		await recorder.stop();
	});

	it('writes an edit of this very task when the page goes (persist in pagehide)', async () => {
		const { queue, storage, recorder, text } = setUp(async () => {
			throw new Error('offline');
		});
		text.insert(0, 'a');
		const written = recorder.persist();
		// Still in the edit's task: the journal has it already.
		expect(storage.length).toBe(1);
		await written;
		expect(queue.stored.size).toBe(1);
		await recorder.stop();
	});

	it('queues an entry once when the last page wrote it but went before its journal knew', async () => {
		const page = setUp(async () => {
			throw new Error('offline');
		});
		for (const char of 'twice?') page.text.insert(page.text.length, char);
		await Promise.resolve();
		const journalBeforeWrite = new MemoryStorage();
		for (const [key, value] of page.storage.items) journalBeforeWrite.setItem(key, value);
		await page.recorder.persist();
		expect(page.queue.stored.size).toBe(6);

		const uploaded: RecordedEntry[] = [];
		const next = setUp(async (entries) => uploaded.push(...entries), {
			storage: journalBeforeWrite,
			queue: page.queue
		});
		await next.recorder.drain();
		expect(uploaded).toHaveLength(6);
		await Promise.all([page.recorder.stop(), next.recorder.stop()]);
	});

	it('keeps entries whose write to the queue failed and writes them with the next', async () => {
		const uploaded: RecordedEntry[] = [];
		const { queue, storage, recorder, text } = setUp(async (entries) => uploaded.push(...entries));
		queue.refuse = new Error('QuotaExceededError');
		text.insert(0, 'a');
		await recorder.persist();
		expect(queue.stored.size).toBe(0);
		expect(storage.length).toBe(1);

		text.insert(1, 'b');
		await recorder.drain();
		expect(kinds(uploaded)).toEqual(['update', 'update']);
		expect(storage.length).toBe(0);
		await recorder.stop();
	});

	it('a drain asked for while one is under way also sends what was recorded meanwhile', async () => {
		let releaseFirst!: () => void;
		const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
		const uploaded: RecordedEntry[] = [];
		let uploading = false;
		const { recorder, text } = setUp(async (entries) => {
			uploading = true;
			if (!uploaded.length) await firstHeld;
			uploaded.push(...entries);
		});
		await recorder.drain();
		text.insert(0, 'a');
		const first = recorder.drain();
		await vi.waitFor(() => expect(uploading).toBe(true));
		text.insert(1, 'b');
		const second = recorder.drain();
		releaseFirst();
		await Promise.all([first, second]);
		expect(uploaded).toHaveLength(2);
		await recorder.stop();
	});
});
