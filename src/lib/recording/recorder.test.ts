import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { RecordedEntry } from '../protocol/recording';
import { Recorder } from './recorder';
import type { QueuedBatch, RecordingQueue } from './upload-queue';

/**
 * The IndexedDB queue's behaviour in memory: Node has no IndexedDB. The real queue runs in
 * the e2e tests (tests/e2e/outage.test.ts drains it after a coordinator outage).
 */
class InMemoryRecordingQueue implements RecordingQueue {
	private nextKey = 1;
	readonly stored = new Map<number, RecordedEntry>();
	async add(entries: RecordedEntry[]) {
		for (const entry of entries) this.stored.set(this.nextKey++, entry);
	}
	async peek(limit: number): Promise<QueuedBatch> {
		const oldest = [...this.stored].slice(0, limit);
		return { keys: oldest.map(([key]) => key), entries: oldest.map(([, entry]) => entry) };
	}
	async remove(keys: IDBValidKey[]) {
		for (const key of keys) this.stored.delete(key as number);
	}
	async count() {
		return this.stored.size;
	}
	close() {}
}

class Rejection extends Error {}

function setUp(
	upload: (entries: RecordedEntry[]) => Promise<unknown>,
	options: { uploadEveryMs?: number } = {}
) {
	const doc = new Y.Doc();
	const queue = new InMemoryRecordingQueue();
	const recorder = new Recorder({
		doc,
		queue: Promise.resolve(queue),
		upload,
		uploadEveryMs: options.uploadEveryMs ?? 60_000,
		isRejection: (error) => error instanceof Rejection
	});
	return { doc, queue, recorder, text: doc.getText('code') };
}

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
		expect(
			uploaded.map((entry) => (entry.type === 'signal' ? entry.signal.kind : 'update'))
		).toEqual([...Array(7).fill('update'), 'hidden']);
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
});
