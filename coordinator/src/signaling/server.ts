import { createWriteStream, type WriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { decodeJwt } from 'jose';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
	SignalingClientMessage,
	maxSignalingFrameBytes,
	signalingTopic
} from '../../../src/lib/protocol/signaling';
import type { RoomGrant } from '../auth/tokens';
import { createLogger } from '../logger';

const log = createLogger('signaling');

const defaultPingIntervalMs = 30_000;
const closePolicyViolation = 1008;
const closeUnsupportedData = 1003;

export interface SignalingServerOptions {
	verifyRoomToken: (token: string) => Promise<RoomGrant>;
	/** Append every received frame to this file (one JSON line each). */
	traceFile?: string;
	pingIntervalMs?: number;
}

interface Peer {
	socket: WebSocket;
	grant: RoomGrant;
	topic: string;
	subscribed: boolean;
	alive: boolean;
}

function refuseUpgrade(socket: Duplex, reason: string) {
	socket.end(
		`HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`
	);
	socket.destroy();
}

/**
 * The y-webrtc signaling endpoint. It relays WebRTC offers and answers between the
 * participants of one room and nothing else: a connection needs a valid room token, may
 * only use its own room's topic, and is closed on the first bad frame. Payloads are
 * encrypted with the room secret and relayed unopened.
 * @see https://github.com/yjs/y-webrtc/blob/master/bin/server.js
 */
export function createSignalingServer(options: SignalingServerOptions) {
	const wss = new WebSocketServer({ noServer: true, maxPayload: maxSignalingFrameBytes });
	const subscribers = new Map<string, Set<Peer>>();
	const connected = new Set<Peer>();
	const trace: WriteStream | undefined = options.traceFile
		? createWriteStream(options.traceFile, { flags: 'a' })
		: undefined;

	function send(peer: Peer, message: object) {
		peer.socket.send(JSON.stringify(message), (error) => {
			if (error)
				log.warn('send failed', { participant: peer.grant.participantId, error: error.message });
		});
	}

	function reject(peer: Peer, code: number, reason: string, details?: object) {
		log.warn(`closing connection: ${reason}`, {
			participant: peer.grant.participantId,
			...details
		});
		peer.socket.close(code, reason);
	}

	function unsubscribe(peer: Peer) {
		const peers = subscribers.get(peer.topic);
		peers?.delete(peer);
		if (peers?.size === 0) subscribers.delete(peer.topic);
		peer.subscribed = false;
	}

	function handleFrame(peer: Peer, raw: RawData, isBinary: boolean) {
		if (isBinary) return reject(peer, closeUnsupportedData, 'binary frames are not accepted');
		const text = raw.toString();
		trace?.write(
			`${JSON.stringify({ at: new Date().toISOString(), room: peer.grant.roomId, frame: text })}\n`
		);
		let json: unknown;
		try {
			json = JSON.parse(text);
		} catch {
			return reject(peer, closeUnsupportedData, 'frame is not JSON');
		}
		const parsed = SignalingClientMessage.safeParse(json);
		if (!parsed.success) {
			return reject(peer, closePolicyViolation, 'frame is not a signaling message', {
				issues: parsed.error.issues.map((issue) => issue.message)
			});
		}
		const message = parsed.data;
		switch (message.type) {
			case 'subscribe':
			case 'unsubscribe': {
				const foreign = message.topics.find((topic) => topic !== peer.topic);
				if (foreign !== undefined) {
					return reject(peer, closePolicyViolation, 'topic is not this room', { topic: foreign });
				}
				if (message.topics.length === 0) return;
				if (message.type === 'unsubscribe') return unsubscribe(peer);
				let peers = subscribers.get(peer.topic);
				if (!peers) subscribers.set(peer.topic, (peers = new Set()));
				peers.add(peer);
				peer.subscribed = true;
				return;
			}
			case 'publish': {
				if (message.topic !== peer.topic) {
					return reject(peer, closePolicyViolation, 'topic is not this room', {
						topic: message.topic
					});
				}
				const receivers = subscribers.get(peer.topic);
				if (!receivers) return;
				const relayed = { ...message, clients: receivers.size };
				for (const receiver of receivers) send(receiver, relayed);
				return;
			}
			case 'ping':
				return send(peer, { type: 'pong' });
		}
	}

	function admit(socket: WebSocket, grant: RoomGrant, token: string) {
		const peer: Peer = {
			socket,
			grant,
			topic: signalingTopic(grant.roomId),
			subscribed: false,
			alive: true
		};
		const { exp } = decodeJwt(token);
		const untilExpiryMs = (exp ?? 0) * 1000 - Date.now();
		// A token that expires mid-interview ends the connection; y-webrtc reconnects with a fresh one.
		const expiryTimer = setTimeout(
			() => reject(peer, closePolicyViolation, 'token expired'),
			Math.min(Math.max(untilExpiryMs, 0), 2 ** 31 - 1)
		);
		connected.add(peer);
		socket.on('pong', () => (peer.alive = true));
		socket.on('message', (raw, isBinary) => {
			try {
				handleFrame(peer, raw, isBinary);
			} catch (error) {
				reject(peer, 1011, 'internal error', { error: String(error) });
			}
		});
		socket.on('error', (error) => {
			// ws reports an oversized frame here and then closes the socket with 1009.
			log.warn('connection error', { participant: grant.participantId, error: error.message });
		});
		socket.on('close', () => {
			clearTimeout(expiryTimer);
			connected.delete(peer);
			unsubscribe(peer);
		});
		log.debug('connected', { participant: grant.participantId, room: grant.roomId });
	}

	const pingTimer = setInterval(() => {
		for (const peer of connected) {
			if (!peer.alive) {
				log.info('terminating unresponsive connection', { participant: peer.grant.participantId });
				peer.socket.terminate();
				continue;
			}
			peer.alive = false;
			peer.socket.ping();
		}
	}, options.pingIntervalMs ?? defaultPingIntervalMs);
	pingTimer.unref();

	return {
		/** Authenticates an upgrade request for `/signal?token=…` and, if valid, accepts it. */
		handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
			const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token');
			if (!token) {
				log.warn('upgrade refused: no token', { address: req.socket.remoteAddress });
				return refuseUpgrade(socket, 'A room token is required');
			}
			options.verifyRoomToken(token).then(
				(grant) => wss.handleUpgrade(req, socket, head, (ws) => admit(ws, grant, token)),
				(error: Error) => {
					log.warn(`upgrade refused: ${error.message}`, { address: req.socket.remoteAddress });
					refuseUpgrade(socket, error.message);
				}
			);
		},

		stats: () => ({ connections: wss.clients.size, topics: subscribers.size }),

		async close() {
			clearInterval(pingTimer);
			for (const client of wss.clients) client.terminate();
			await new Promise<void>((resolve) => wss.close(() => resolve()));
			await new Promise<void>((resolve) => (trace ? trace.end(resolve) : resolve()));
		}
	};
}
