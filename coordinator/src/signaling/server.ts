import { createWriteStream, type WriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { parseBoundedJson } from '../../../src/lib/protocol/bounded-json';
import {
	SignalingClientMessage,
	maxSignalingFrameBytes,
	signalingTopic
} from '../../../src/lib/protocol/signaling';
import { whenTokenExpires } from '../auth/token-expiry';
import type { RoomGrant } from '../auth/tokens';
import { ParticipantSocket } from '../http/participant-socket';
import { guardUpgrade, queryOf, refuseUpgrade } from '../http/upgrade';
import { createLogger } from '../../../server-common/logger';

const log = createLogger('signaling');

const defaultPingIntervalMs = 30_000;
const closeUnsupportedData = 1003;
const closePolicyViolation = 1008;
const closeMessageTooBig = 1009;

export interface SignalingServerOptions {
	/** Resolves with the holder's grant, or rejects when the room token is not acceptable. */
	verifyRoomToken: (token: string) => Promise<RoomGrant>;
	/** Append every received text frame to this file, one JSON line `{ at, room, frame }` each. */
	traceFile?: string;
	/** How often each connection is pinged; one that has not answered the last ping is dropped. */
	pingIntervalMs?: number;
}

interface Peer {
	connection: ParticipantSocket;
	topic: string;
	alive: boolean;
}

/**
 * The y-webrtc signaling endpoint. It relays WebRTC offers and answers between the
 * participants of one room and nothing else: a connection needs a valid room token, may
 * only use its own room's topic, and is closed on the first bad frame, when its token
 * expires, or when it stops reading what it is sent. Payloads are encrypted with the room
 * secret and relayed unopened.
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

	function unsubscribe(peer: Peer) {
		const peers = subscribers.get(peer.topic);
		peers?.delete(peer);
		if (peers?.size === 0) subscribers.delete(peer.topic);
	}

	function handleFrame(peer: Peer, raw: RawData, isBinary: boolean) {
		const { connection } = peer;
		if (isBinary) return connection.reject(closeUnsupportedData, 'binary frames are not accepted');
		const text = raw.toString();
		const at = new Date().toISOString();
		trace?.write(`${JSON.stringify({ at, room: connection.grant.roomId, frame: text })}\n`);
		const json = parseBoundedJson(text);
		if (!json.ok) {
			const code =
				json.reason === 'frame nests too deep' ? closeMessageTooBig : closeUnsupportedData;
			return connection.reject(code, json.reason);
		}
		const parsed = SignalingClientMessage.safeParse(json.value);
		if (!parsed.success) {
			return connection.reject(closePolicyViolation, 'frame is not a signaling message', {
				issues: parsed.error.issues.map((issue) => issue.message)
			});
		}
		const message = parsed.data;
		switch (message.type) {
			case 'subscribe':
			case 'unsubscribe': {
				const foreign = message.topics.find((topic) => topic !== peer.topic);
				if (foreign !== undefined) {
					return connection.reject(closePolicyViolation, 'topic is not this room', {
						topic: foreign
					});
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
					return connection.reject(closePolicyViolation, 'topic is not this room', {
						topic: message.topic
					});
				}
				const receivers = subscribers.get(peer.topic);
				if (!receivers) return;
				const relayed = JSON.stringify({ ...message, clients: receivers.size });
				for (const receiver of receivers) receiver.connection.send(relayed);
				return;
			}
			case 'ping':
				connection.send(JSON.stringify({ type: 'pong' }));
				return;
		}
	}

	function admit(socket: WebSocket, grant: RoomGrant, token: string) {
		const connection = new ParticipantSocket(socket, grant, log);
		const peer: Peer = { connection, topic: signalingTopic(grant.roomId), alive: true };
		connected.add(peer);
		// y-webrtc then reconnects, and the client has to fetch a fresh room token to get back in.
		const stopExpiryWatch = whenTokenExpires(
			token,
			connection.guard('token expiry', () =>
				connection.reject(closePolicyViolation, 'token expired')
			)
		);
		socket.on(
			'pong',
			connection.guard('pong', () => (peer.alive = true))
		);
		socket.on(
			'message',
			connection.guard('message', (raw: RawData, isBinary: boolean) =>
				handleFrame(peer, raw, isBinary)
			)
		);
		socket.on(
			'error',
			connection.guard('error', (error: Error) =>
				// ws reports an oversized frame or invalid UTF-8 here, then closes the socket itself.
				log.warn(`connection error: ${error.message}`, connection.who)
			)
		);
		socket.on(
			'close',
			connection.guard('close', () => {
				stopExpiryWatch();
				connected.delete(peer);
				unsubscribe(peer);
			})
		);
		log.debug('connected', connection.who);
		// The grant was checked before the handshake; checking it again now closes the gap in
		// which a revocation (closeWhere) could miss a connection that was not yet listed.
		options.verifyRoomToken(token).catch((error: Error) => {
			if (connection.isOpen) connection.reject(closePolicyViolation, error.message);
		});
	}

	const pingTimer = setInterval(() => {
		for (const peer of connected) {
			try {
				if (!peer.alive) {
					log.info('terminating unresponsive connection', peer.connection.who);
					peer.connection.terminate();
					continue;
				}
				peer.alive = false;
				peer.connection.socket.ping();
			} catch (error) {
				log.error('ping failed', { ...peer.connection.who, error: String(error) });
				peer.connection.terminate();
			}
		}
	}, options.pingIntervalMs ?? defaultPingIntervalMs);
	pingTimer.unref();

	async function accept(req: IncomingMessage, socket: Duplex, head: Buffer, handOver: () => void) {
		const address = req.socket.remoteAddress;
		const { token } = queryOf(req);
		if (!token) {
			log.warn('upgrade refused: no token', { address });
			return refuseUpgrade(socket, 401, 'A room token is required');
		}
		let grant: RoomGrant;
		try {
			grant = await options.verifyRoomToken(token);
		} catch (error) {
			log.warn(`upgrade refused: ${(error as Error).message}`, { address });
			return refuseUpgrade(socket, 401, (error as Error).message);
		}
		handOver();
		wss.handleUpgrade(req, socket, head, (ws) => admit(ws, grant, token));
	}

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
			guardUpgrade(req, socket, log, (handOver) => accept(req, socket, head, handOver));
		},

		/**
		 * Closes (1008, `reason`) every open connection whose grant `matches`, e.g. the
		 * observers of a revoked link. Returns how many it closed.
		 */
		closeWhere(matches: (grant: RoomGrant) => boolean, reason: string): number {
			let count = 0;
			for (const { connection } of connected) {
				if (!connection.isOpen || !matches(connection.grant)) continue;
				connection.reject(closePolicyViolation, reason);
				count++;
			}
			return count;
		},

		/** How many connections are open and how many topics have subscribers. */
		stats: () => ({ connections: wss.clients.size, topics: subscribers.size }),

		/** Bytes queued for sending on all connections together. */
		bufferedBytes: () =>
			[...connected].reduce((sum, peer) => sum + peer.connection.bufferedBytes, 0),

		/** Terminates every connection, stops accepting new ones and flushes the trace file. */
		close: (): Promise<void> => (closing ??= shutdown())
	};
}
