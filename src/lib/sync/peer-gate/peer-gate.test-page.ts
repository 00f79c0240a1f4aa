// Runs in Chromium for peer-gate.test.ts: what peer-gate.ts relies on in y-webrtc 10.3.0
// (and the simple-peer it brings), with real WebRTC connections between two pages.
import { WebrtcConn, WebrtcProvider } from 'y-webrtc';
import { linkKindFromStats } from '../peer-links';
import { watchSignaling } from '../signaling-state';
import * as Y from 'yjs';

/** A connection as peer-gate.ts finds it when y-webrtc stores it in `room.webrtcConns`. */
interface Stored {
	isConnection: boolean;
	ofThisRoom: boolean;
	dataListeners: number;
	connected: boolean;
}

const doc = new Y.Doc();
let provider: WebrtcProvider;
const stored: Stored[] = [];
/** Each taken connection's own data listener, and what arrived for it while held back. */
const taken: { deliver: (message: Uint8Array) => void; held: Uint8Array[] }[] = [];
let holding = true;

const yWebrtcCanary = {
	/**
	 * Joins `room` through the signaling server at `signaling`. With `take`, takes each
	 * connection as y-webrtc stores it, as peer-gate.ts does: its data listener is taken off
	 * and what arrives is held back until `release()`.
	 */
	async join(room: string, signaling: string, take: boolean) {
		provider = new WebrtcProvider(room, doc, {
			signaling: [signaling],
			password: 'canary',
			peerOpts: { config: { iceServers: [] } }
		});
		await provider.key;
		if (!take) return;
		const conns = provider.room!.webrtcConns;
		const set = conns.set.bind(conns);
		conns.set = (peerId, conn) => {
			const listeners = (conn.peer?.listeners('data') ?? []) as ((message: Uint8Array) => void)[];
			stored.push({
				isConnection: conn instanceof WebrtcConn,
				ofThisRoom: conn.room === provider.room,
				dataListeners: listeners.length,
				connected: conn.connected
			});
			const [deliver] = listeners;
			if (deliver) {
				conn.peer.removeListener('data', deliver);
				const connection = { deliver, held: [] as Uint8Array[] };
				taken.push(connection);
				conn.peer.on('data', (message: Uint8Array) =>
					holding ? connection.held.push(message) : deliver(message)
				);
			}
			return set(peerId, conn);
		};
	},
	/** What peer-links.ts reads: each connection's simple-peer `_pc`, and the path its stats show. */
	async links() {
		const conns = [...provider.room!.webrtcConns.values()];
		return Promise.all(
			conns.map(async (conn) => {
				const pc = (conn.peer as unknown as { _pc?: unknown })._pc;
				if (!(pc instanceof RTCPeerConnection)) return 'no _pc';
				return linkKindFromStats(await pc.getStats());
			})
		);
	},
	/** What signaling-state.ts reads: whether the signaling sockets report being connected. */
	signalingStates: [] as boolean[],
	watchSignaling() {
		watchSignaling(provider, (reachable) => yWebrtcCanary.signalingStates.push(reachable));
	},
	write: (text: string) => doc.getText('code').insert(0, text),
	text: () => doc.getText('code').toString(),
	stored: () => stored,
	/** Whether a message held back carries `text` (Yjs writes strings as UTF-8). */
	holds: (text: string) =>
		taken.some(({ held }) =>
			held.some((message) => new TextDecoder().decode(message).includes(text))
		),
	/** Hands what was held back to y-webrtc's own listener, and from now on everything. */
	release() {
		holding = false;
		for (const { deliver, held } of taken) held.splice(0).forEach(deliver);
	},
	/** Hangs up every connection; resolves with each one's `closed` once its peer closed. */
	async hangUp() {
		const conns = [...provider.room!.webrtcConns.values()];
		const closing = conns.map((conn) => new Promise((resolve) => conn.peer.once('close', resolve)));
		conns.forEach((conn) => conn.destroy());
		await Promise.all(closing);
		return conns.map((conn) => conn.closed);
	}
};

Object.assign(window, { yWebrtcCanary });

declare global {
	interface Window {
		yWebrtcCanary: typeof yWebrtcCanary;
	}
}
