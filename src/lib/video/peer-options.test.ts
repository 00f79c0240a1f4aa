import type { Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { peerjsPath } from '../protocol/paths';
import { peerjsKey } from '../protocol/video';
import { openChromiumPages, type ChromiumPages } from '../test-support/chromium-pages';

/** A PeerJS server that says OPEN to every peer and keeps what each one asked for and sent. */
interface Arrival {
	query: URLSearchParams;
	frames: { type: string; payload?: { sdp?: { sdp: string }; metadata?: unknown } }[];
}

let chromium: ChromiumPages;
let page: Page;
let server: WebSocketServer;
const arrivals: Arrival[] = [];

beforeAll(async () => {
	chromium = await openChromiumPages(new URL('./peer-options.test-page.ts', import.meta.url));
	server = new WebSocketServer({ server: chromium.server, path: `${peerjsPath}/peerjs` });
	server.on('connection', (socket, req) => {
		const arrival: Arrival = { query: new URL(req.url!, 'http://x').searchParams, frames: [] };
		arrivals.push(arrival);
		socket.on('message', (raw) => arrival.frames.push(JSON.parse(raw.toString())));
		socket.send(JSON.stringify({ type: 'OPEN' }));
	});
	page = await chromium.newPage('peerjsCanary');
});

afterAll(async () => {
	for (const client of server?.clients ?? []) client.terminate();
	server?.close();
	await chromium?.close();
});

/** The SDP of the offer the peer `id` sent, once it did. */
async function offerOf(id: string): Promise<string> {
	const offer = () =>
		arrivals
			.find((arrival) => arrival.query.get('id') === id)
			?.frames.find((frame) => frame.type === 'OFFER');
	await expect.poll(offer).toBeDefined();
	return offer()!.payload!.sdp!.sdp;
}

const mediaSections = (sdp: string) =>
	sdp
		.split(/\r?\n/)
		.filter((line) => line.startsWith('m='))
		.map((line) => line.split(' ')[0]);

// The video code hands peerjs 1.5.5 (pinned in package.json) two options it does not
// document: `token`, which the coordinator's PeerJS server reads the room token from, and a
// call's `constraints`, without which a page that sends no camera or microphone (an observer)
// would get no video or audio back. If one of these fails after an upgrade, re-check
// peer-options.ts and coordinator/src/video/peer-server.ts.
describe('canary: peerjs internals the video code relies on', () => {
	it('puts the `token` option on its WebSocket URL as `token`, next to the id and the key', async () => {
		const token = `room.token.${Math.random().toString(36).slice(2)}`;
		await page.evaluate(
			(token) => window.peerjsCanary.call('tokened', 'callee', token, false),
			token
		);
		await offerOf('tokened');
		const { query } = arrivals.find((arrival) => arrival.query.get('id') === 'tokened')!;
		expect([query.get('key'), query.get('token')]).toEqual([peerjsKey, token]);
	});

	it("hands a call's `constraints` to createOffer: a caller sending nothing asks for audio and video", async () => {
		await page.evaluate(() => window.peerjsCanary.call('constrained', 'callee', 't', false));
		await page.evaluate(() => window.peerjsCanary.call('plain', 'callee', 't', true));
		expect(mediaSections(await offerOf('constrained'))).toEqual(
			expect.arrayContaining(['m=audio', 'm=video'])
		);
		expect(mediaSections(await offerOf('plain'))).not.toContain('m=audio');
		expect(mediaSections(await offerOf('plain'))).not.toContain('m=video');
	});
});
