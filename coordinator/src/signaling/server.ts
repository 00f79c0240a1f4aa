import { createWriteStream, type WriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
	SignalingClientMessage,
	maxSignalingFrameBytes,
	signalingTopic
} from '../../../src/lib/protocol/signaling';
import { whenTokenExpires } from '../auth/token-expiry';
import type { RoomGrant } from '../auth/tokens';
import { queryOf, refuseUpgrade } from '../http/upgrade';
import { createLogger } from '../logger';

const log = createLogger('signaling');

const defaultPingIntervalMs = 30_000;
const closeUnsupportedData = 1003;
const closePolicyViolation = 1008;
const closeInternalError = 1011;

export interface SignalingServerOptions {
	/** Resolves with the holder's grant, or rejects when the room token is not acceptable. */
	verifyRoomToken: (token: string) => Promise<RoomGrant>;
	/** Append every received text frame to this file, one JSON line `{ at, room, frame }` each. */
	traceFile?: string;
	/** How often each connection is pinged; one that has not answered the last ping is dropped. */
	pingIntervalMs?: number;
}

interface Peer {
	socket: WebSocket;
	grant: RoomGrant;
	topic: string;
	alive: boolean;
}

/**
 * The y-webrtc signaling endpoint. It relays WebRTC offers and answers between the
 * participants of one room and nothing else: a connection needs a valid room token, may
 * only use its own room's topic, and is closed on the first bad frame or when its token
 * expires. Payloads are encrypted with the room secret and relayed unopened.
 * @see https://github.com/yjs/y-webrtc/blob/master/bin/server.js
 */
export function createSignalingServer(options: SignalingServerOptions) {
	const wss = new WebSocketServer({ noServer: true, maxPayload: maxSignalingFrameBytes });
	const subscribers = new Map<string, Set<Peer>>();
	const connected = new Set<Peer>();
	let closing: Promise<void> | undefined;
	let trace: WriteStream | undefined;
	if (options.traceFile) {
		trace = createWriteStream(options.traceFile, { flags: 'a' });
		trace.on('error', (error) => log.error('trace file failed', { error: error.message }));
	}

	function send(peer: Peer, message: object) {
		// A peer that is hanging up just misses what was meant for it.
		if (peer.socket.readyState !== peer.socket.OPEN) return;
		peer.socket.send(JSON.stringify(message), (error) => {
			if (error)
				// The peer's connection broke; its close handler cleans up.
				log.debug('send failed', { participant: peer.grant.participantId, error: error.message });
		});
	}

	function reject(peer: Peer, code: number, reason: string, details?: object) {
		log.warn(`closing connection: ${reason}`, {
			participant: peer.grant.participantId,
			room: peer.grant.roomId,
			...details
		});
		peer.socket.close(code, reason);
	}

	function unsubscribe(peer: Peer) {
		const peers = subscribers.get(peer.topic);
		peers?.delete(peer);
		if (peers?.size === 0) subscribers.delete(peer.topic);
	}

	function handleFrame(peer: Peer, raw: RawData, isBinary: boolean) {
		if (isBinary) return reject(peer, closeUnsupportedData, 'binary frames are not accepted');
		const text = raw.toString();
		const at = new Date().toISOString();
		trace?.write(`${JSON.stringify({ at, room: peer.grant.roomId, frame: text })}\n`);
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
		const peer: Peer = { socket, grant, topic: signalingTopic(grant.roomId), alive: true };
		connected.add(peer);
		// y-webrtc then reconnects, and the client has to fetch a fresh room token to get back in.
		const stopExpiryWatch = whenTokenExpires(token, () =>
			reject(peer, closePolicyViolation, 'token expired')
		);
		socket.on('pong', () => (peer.alive = true));
		socket.on('message', (raw, isBinary) => {
			try {
				handleFrame(peer, raw, isBinary);
			} catch (error) {
				reject(peer, closeInternalError, 'internal error', { error: String(error) });
			}
		});
		socket.on('error', (error) => {
			// ws reports an oversized frame here and then closes the socket with 1009.
			log.warn(`connection error: ${error.message}`, { participant: grant.participantId });
		});
		socket.on('close', () => {
			stopExpiryWatch();
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

	async function shutdown() {
		clearInterval(pingTimer);
		for (const client of wss.clients) client.terminate();
		await new Promise<void>((resolve) => wss.close(() => resolve()));
		await new Promise<void>((resolve) => (trace ? trace.end(() => resolve()) : resolve()));
	}

	return {
		/**
		 * Accepts an upgrade request for `/signal?token=<room JWT>` if the token verifies;
		 * otherwise answers `401 Unauthorized` and destroys the socket. Never throws.
		 */
		handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
			const address = req.socket.remoteAddress;
			const { token } = queryOf(req);
			if (!token) {
				log.warn('upgrade refused: no token', { address });
				return refuseUpgrade(socket, 401, 'A room token is required');
			}
			// Node's HTTP server drops its own error listener on upgrade; a reset during the
			// verification below would otherwise crash the process.
			const onEarlyError = (error: Error) =>
				log.warn(`upgrade aborted: ${error.message}`, { address });
			socket.on('error', onEarlyError);
			options
				.verifyRoomToken(token)
				.then(
					(grant) => {
						socket.off('error', onEarlyError);
						wss.handleUpgrade(req, socket, head, (ws) => admit(ws, grant, token));
					},
					(error: Error) => {
						log.warn(`upgrade refused: ${error.message}`, { address });
						refuseUpgrade(socket, 401, error.message);
					}
				)
				.catch((error: unknown) => {
					log.error('upgrade failed', { address, error: String(error) });
					socket.destroy();
				});
		},

		/** How many connections are open and how many topics have subscribers. */
		stats: () => ({ connections: wss.clients.size, topics: subscribers.size }),

		/** Terminates every connection, stops accepting new ones and flushes the trace file. */
		close: (): Promise<void> => (closing ??= shutdown())
	};
}
