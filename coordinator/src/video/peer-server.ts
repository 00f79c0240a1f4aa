import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ExpressPeerServer } from 'peer';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { peerjsPath } from '../../../src/lib/protocol/paths';
import { maxPeerFrameBytes, peerIdOf, peerjsKey } from '../../../src/lib/protocol/video';
import { whenTokenExpires } from '../auth/token-expiry';
import type { RoomGrant } from '../auth/tokens';
import { ParticipantSocket } from '../http/participant-socket';
import { guardUpgrade, queryOf, refuseUpgrade } from '../http/upgrade';
import { createLogger } from '../../../server-common/logger';
import { AbsentPeerFrames, absentPeerLimits, type AbsentPeerLimits } from './absent-peer-frames';
import { RoomScopedSocket, type PeerDirectory } from './room-scoped-socket';

const log = createLogger('video');

const closePolicyViolation = 1008;

/** The query a PeerJS client puts on its WebSocket URL; `token` carries the room JWT. */
const PeerQuery = z.object({
	key: z.literal(peerjsKey, { error: `key must be '${peerjsKey}'` }),
	id: z.string().min(1).max(100),
	token: z.string().min(1).max(4096)
});

export interface PeerServerOptions {
	/** Resolves with the holder's grant, or rejects when the room token is not acceptable. */
	verifyRoomToken: (token: string) => Promise<RoomGrant>;
	/** Bounds on frames held for peer ids that are not connected; `absentPeerLimits` unless set. */
	absentPeerLimits?: AbsentPeerLimits;
}

/**
 * The PeerJS server (package `peer`) that brokers the participants' video and audio calls,
 * served on the coordinator's own port under `/peerjs`. A connection needs a valid room token
 * and the peer id issued with it (`rooms.join` returns it); frames may only reach peers of the
 * same room and the connection closes when the token expires. The HTTP API of `peer` (id
 * generation, peer listing) is not served: ids come from the coordinator.
 * @see https://github.com/peers/peerjs-server#combining-with-existing-express-app
 */
export function createPeerServer(options: PeerServerOptions) {
	const wss = new WebSocketServer({ noServer: true, maxPayload: maxPeerFrameBytes });
	/** The connection of each peer id, so that a returning peer replaces its old one. */
	const byPeerId = new Map<string, RoomScopedSocket>();
	const peers: PeerDirectory = {
		isConnected: (peerId) => byPeerId.get(peerId)?.isOpen ?? false,
		absent: new AbsentPeerFrames(options.absentPeerLimits ?? absentPeerLimits)
	};
	let closing: Promise<void> | undefined;

	// Kludge: `peer` wants an HTTP server to attach its WebSocket server to. It is given its own
	// (noServer) one below and only checks that this one exists, so a never-listening one does.
	const peerjs = ExpressPeerServer(createServer(), {
		key: peerjsKey,
		allow_discovery: false,
		createWebSocketServer: () => wss
	});
	// Without a listener, an error event from `peer` (e.g. a frame it cannot route) would throw.
	peerjs.on('error', (error) => log.warn(`peerjs: ${error.message}`));
	// Kludge: `peer` sets up its realm and message routing when mounted into an Express app,
	// and the coordinator has none. Express's own mount handler only inherits the parent's
	// settings, so a bare stand-in parent will do; `peer`'s HTTP routes are never used.
	peerjs.emit('mount', { request: {}, response: {}, engines: {}, settings: {} });

	async function replacePrevious(peerId: string) {
		const previous = byPeerId.get(peerId);
		if (!previous) return;
		log.info('replacing the previous connection of a peer', { peerId });
		const closed = new Promise((resolve) => previous.connection.socket.once('close', resolve));
		previous.connection.terminate();
		// `peer` forgets the id on close; only then does it take the id with a new token.
		await closed;
	}

	function admit(ws: WebSocket, req: IncomingMessage, grant: RoomGrant, token: string) {
		const connection = new ParticipantSocket(ws, grant, log);
		const socket = new RoomScopedSocket(connection, peers, log);
		byPeerId.set(socket.peerId, socket);
		const stopExpiryWatch = whenTokenExpires(
			token,
			connection.guard('token expiry', () => socket.reject(closePolicyViolation, 'token expired'))
		);
		ws.on(
			'close',
			connection.guard('close', () => {
				stopExpiryWatch();
				if (byPeerId.get(socket.peerId) === socket) byPeerId.delete(socket.peerId);
			})
		);
		// `peer` reads id and token from the request's query, which were checked above.
		wss.emit('connection', socket, req);
		// `peer` registered the id just now, unless it refused it (then the socket is closing).
		if (socket.isOpen) peers.absent.deliver(socket.peerId);
		log.debug('connected', connection.who);
		// The grant was checked before the handshake; checking it again now closes the gap in
		// which a revocation (closeWhere) could miss a connection that was not yet listed.
		options.verifyRoomToken(token).catch((error: Error) => {
			if (connection.isOpen) connection.reject(closePolicyViolation, error.message);
		});
	}

	/** Checks the request and takes the socket over, calling `handOver` right before ws does. */
	async function accept(req: IncomingMessage, socket: Duplex, head: Buffer, handOver: () => void) {
		const address = req.socket.remoteAddress;
		const query = PeerQuery.safeParse(queryOf(req));
		if (!query.success) {
			log.warn('upgrade refused: bad query', { address });
			return refuseUpgrade(
				socket,
				400,
				`Expected ?key=${peerjsKey}&id=<issued peer id>&token=<room token>`
			);
		}
		let grant: RoomGrant;
		try {
			grant = await options.verifyRoomToken(query.data.token);
		} catch (error) {
			log.warn(`upgrade refused: ${(error as Error).message}`, { address });
			return refuseUpgrade(socket, 401, (error as Error).message);
		}
		const peerId = peerIdOf(grant.roomId, grant.participantId);
		if (query.data.id !== peerId) {
			log.warn('upgrade refused: peer id not issued to this token', {
				address,
				participant: grant.participantId
			});
			return refuseUpgrade(socket, 403, 'This peer id was not issued with this room token');
		}
		await replacePrevious(peerId);
		if (socket.destroyed) return;
		handOver();
		wss.handleUpgrade(req, socket, head, (ws) => admit(ws, req, grant, query.data.token));
	}

	async function shutdown() {
		peers.absent.close();
		for (const client of wss.clients) client.terminate();
		await new Promise<void>((resolve) => wss.close(() => resolve()));
	}

	return {
		/**
		 * Accepts an upgrade for `/peerjs/peerjs?key=…&id=…&token=…` when the token verifies
		 * and the id is the one issued with it; otherwise answers 400, 401 or 403 and destroys
		 * the socket. Never throws.
		 */
		handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
			guardUpgrade(req, socket, log, (handOver) => accept(req, socket, head, handOver));
		},

		/** Any plain HTTP request under `/peerjs`: `peer`'s HTTP API is deliberately not served. */
		handleRequest(_req: IncomingMessage, res: ServerResponse) {
			res.writeHead(404, { 'Content-Type': 'text/plain' });
			res.end(`PeerJS is served over WebSocket only, at ${peerjsPath}/peerjs`);
		},

		/**
		 * Closes (1008, `reason`) every open connection whose grant `matches`, e.g. the
		 * observers of a revoked link. Returns how many it closed.
		 */
		closeWhere(matches: (grant: RoomGrant) => boolean, reason: string): number {
			let count = 0;
			for (const { connection } of byPeerId.values()) {
				if (!connection.isOpen || !matches(connection.grant)) continue;
				connection.reject(closePolicyViolation, reason);
				count++;
			}
			return count;
		},

		/** How many peers are connected, and how many frames wait for peers that are not. */
		stats: () => ({ connections: wss.clients.size, heldFrames: peers.absent.size }),

		/** Bytes queued for sending on all connections together. */
		bufferedBytes: () => [...wss.clients].reduce((sum, ws) => sum + ws.bufferedAmount, 0),

		/** Terminates every connection and stops accepting new ones. */
		close: (): Promise<void> => (closing ??= shutdown())
	};
}
