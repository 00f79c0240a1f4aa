import type { Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSignalingRelay } from '../../../../bench/signaling-relay';
import { openChromiumPages, type ChromiumPages } from '../../test-support/chromium-pages';

let chromium: ChromiumPages;
let relay: Awaited<ReturnType<typeof startSignalingRelay>>;
/** Takes every connection as peer-gate.ts does, and holds back what arrives. */
let gated: Page;
let plain: Page;

beforeAll(async () => {
	relay = await startSignalingRelay();
	chromium = await openChromiumPages(new URL('./peer-gate.test-page.ts', import.meta.url));
	[gated, plain] = await Promise.all([
		chromium.newPage('yWebrtcCanary'),
		chromium.newPage('yWebrtcCanary')
	]);
	const room = `canary-${Math.random().toString(36).slice(2)}`;
	await gated.evaluate(({ room, url }) => window.yWebrtcCanary.join(room, url, true), {
		room,
		url: relay.url
	});
	await plain.evaluate(({ room, url }) => window.yWebrtcCanary.join(room, url, false), {
		room,
		url: relay.url
	});
});

afterAll(async () => {
	await chromium?.close();
	await relay?.close();
});

// guardPeers (peer-gate.ts) takes each WebRTC connection out of y-webrtc 10.3.0 (pinned in
// package.json, with simple-peer 9.11.1 in package-lock.json) by wrapping
// `room.webrtcConns.set` once `provider.key` resolved, and filters what reaches y-webrtc by
// putting itself in place of the simple-peer's one 'data' listener. If one of these fails
// after an upgrade, re-check peer-gate.ts before anything else: a gate that no longer sits
// there lets every peer's updates through unjudged.
describe('canary: y-webrtc internals the peer gate relies on', () => {
	it('stores each connection in `room.webrtcConns` once it is created, not yet connected, with exactly one data listener', async () => {
		await expect.poll(() => gated.evaluate(() => window.yWebrtcCanary.stored())).toHaveLength(1);
		expect(await gated.evaluate(() => window.yWebrtcCanary.stored())).toEqual([
			{ isConnection: true, ofThisRoom: true, dataListeners: 1, connected: false }
		]);
	});

	it('that one listener is how what a peer sends reaches the document', async () => {
		await plain.evaluate(() => window.yWebrtcCanary.write('from the peer'));
		await expect
			.poll(() => gated.evaluate(() => window.yWebrtcCanary.holds('from the peer')))
			.toBe(true);
		// Yjs applies what it is handed at once: had any other listener got it, it would show.
		expect(await gated.evaluate(() => window.yWebrtcCanary.text())).toBe('');
		await gated.evaluate(() => window.yWebrtcCanary.release());
		await expect
			.poll(() => gated.evaluate(() => window.yWebrtcCanary.text()))
			.toBe('from the peer');
	});

	it('keeps the RTCPeerConnection as simple-peer’s `_pc`, whose stats name the selected path (peer-links.ts)', async () => {
		await expect.poll(() => gated.evaluate(() => window.yWebrtcCanary.links())).toEqual(['direct']);
	});

	it('its signaling sockets say when they connect and drop (signaling-state.ts)', async () => {
		await plain.evaluate(() => window.yWebrtcCanary.watchSignaling());
		await expect
			.poll(() => plain.evaluate(() => window.yWebrtcCanary.signalingStates))
			.toEqual([true]);
		await relay.close();
		await expect
			.poll(() => plain.evaluate(() => window.yWebrtcCanary.signalingStates))
			.toEqual([true, false]);
	});

	it('a connection destroyed is `closed` once its peer closed', async () => {
		expect(await gated.evaluate(() => window.yWebrtcCanary.hangUp())).toEqual([true]);
	});
});
