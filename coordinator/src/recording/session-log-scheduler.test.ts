import { describe, expect, it } from 'vitest';
import { SessionLogScheduler } from './session-log-scheduler';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SessionLogScheduler', () => {
	it('rebuilds a room once for a burst of requests, and again only after the interval', async () => {
		const rebuilt: string[] = [];
		const scheduler = new SessionLogScheduler(async (roomId) => void rebuilt.push(roomId), 200);
		for (let i = 0; i < 50; i++) scheduler.request('a');
		scheduler.request('b');
		await sleep(20);
		expect(rebuilt.sort()).toEqual(['a', 'b']);

		for (let i = 0; i < 50; i++) scheduler.request('a');
		await sleep(20);
		expect(rebuilt.filter((room) => room === 'a')).toHaveLength(1);
		await sleep(250);
		expect(rebuilt.filter((room) => room === 'a')).toHaveLength(2);
	});

	it('flushes pending rebuilds at once, and a failing rebuild does not throw', async () => {
		const rebuilt: string[] = [];
		const scheduler = new SessionLogScheduler(async (roomId) => {
			if (roomId === 'bad') throw new Error('database gone');
			rebuilt.push(roomId);
		}, 60_000);
		scheduler.request('a');
		await sleep(10);
		scheduler.request('a');
		scheduler.request('bad');
		await scheduler.flush();
		expect(rebuilt).toEqual(['a', 'a']);
	});
});
