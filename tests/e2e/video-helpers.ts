import { expect, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from './settings';

/** Chromium's built-in test camera and microphone, and no permission prompt. */
export const fakeMediaLaunchOptions = {
	...chromiumLaunchOptions,
	args: [
		...chromiumLaunchOptions.args,
		'--use-fake-device-for-media-stream',
		'--use-fake-ui-for-media-stream'
	]
};

// Replaces the configured permissions, so the clipboard (for copying the invite link) stays.
export const withDevices = {
	permissions: ['clipboard-read', 'clipboard-write', 'camera', 'microphone']
};

/** The tile of the participant called `name`, as `page` shows it. */
export const tileOf = (page: Page, name: string) =>
	page.locator(`[data-testid="video-tile"][data-name="${name}"]`);

/**
 * Waits until the tile's <video> plays a live stream: a live video track, decoded frames
 * with a size, and a clock that moves on. Three pages with cameras on two shared cores may
 * take longer than the usual 10 s to get there: `timeout` says how long to wait.
 */
export async function expectLiveVideo(tile: Locator, timeout = 10_000) {
	const video = tile.locator('video');
	const state = () =>
		video.evaluate((element: HTMLVideoElement) => {
			const stream = element.srcObject as MediaStream | null;
			return {
				liveVideoTrack: !!stream?.getVideoTracks().some((track) => track.readyState === 'live'),
				width: element.videoWidth,
				readyState: element.readyState,
				time: element.currentTime
			};
		});
	await expect
		.poll(
			async () => {
				const { liveVideoTrack, width, readyState } = await state();
				return liveVideoTrack && width > 0 && readyState >= 2;
			},
			{ timeout }
		)
		.toBe(true);
	const before = (await state()).time;
	await expect.poll(async () => (await state()).time, { timeout }).toBeGreaterThan(before);
}

/** What a page's census (below) counted. */
export interface MediaCensus {
	/** RTCPeerConnections constructed: the document's (y-webrtc) and the calls' (PeerJS). */
	connections: number;
	/** Those of media calls (they carry transceivers) not closed yet. */
	openCallConnections: number;
	/** WebSockets opened to the PeerJS server: one per PeerJS `Peer`. */
	peerServerSockets: number;
	/** Times the page asked for camera or microphone. */
	mediaRequests: number;
	/** States of every track getUserMedia handed out: 'live' or 'ended'. */
	localTracks: string[];
}

/**
 * Makes every page of `context` count what it opens: RTCPeerConnections, WebSockets to the
 * PeerJS server, and the tracks getUserMedia returns. Read with `mediaCensus(page)`.
 */
export async function countMedia(context: BrowserContext) {
	await context.addInitScript(() => {
		const connections: RTCPeerConnection[] = [];
		const tracks: MediaStreamTrack[] = [];
		let peerServerSockets = 0;
		let mediaRequests = 0;
		const NativeConnection = window.RTCPeerConnection;
		window.RTCPeerConnection = class extends NativeConnection {
			constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
				super(...args);
				connections.push(this);
			}
		};
		const NativeSocket = window.WebSocket;
		window.WebSocket = class extends NativeSocket {
			constructor(url: string | URL, protocols?: string | string[]) {
				super(url, protocols);
				if (new URL(url, location.href).pathname.startsWith('/peerjs')) peerServerSockets++;
			}
		};
		const devices = navigator.mediaDevices;
		const getUserMedia = devices.getUserMedia.bind(devices);
		devices.getUserMedia = async (constraints) => {
			mediaRequests++;
			const stream = await getUserMedia(constraints);
			tracks.push(...stream.getTracks());
			return stream;
		};
		Object.assign(window, {
			mediaCensus: () => ({
				connections: connections.length,
				openCallConnections: connections.filter(
					(connection) =>
						connection.signalingState !== 'closed' && connection.getTransceivers().length > 0
				).length,
				peerServerSockets,
				mediaRequests,
				localTracks: tracks.map((track) => track.readyState)
			})
		});
	});
}

export const mediaCensus = (page: Page): Promise<MediaCensus> =>
	page.evaluate(() => (window as unknown as { mediaCensus(): MediaCensus }).mediaCensus());
