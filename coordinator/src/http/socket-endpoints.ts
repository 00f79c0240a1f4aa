import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { peerjsPath, signalingPath } from '../../../src/lib/protocol/paths';
import { InvalidTokenError, type RoomGrant, type TokenService } from '../auth/tokens';
import type { Database } from '../db/client';
import { createLogger } from '../../../server-common/logger';
import { isObserverLinkRevoked } from '../routers/room-access';
import { createSignalingServer } from '../signaling/server';
import { createPeerServer } from '../video/peer-server';
import type { AccessRevocations } from './access-revocations';
import { pathnameOf } from './upgrade';

const log = createLogger('sockets');

/** Why a revoked observer's connections close, and why their token is refused from then on. */
export const observerLinkRevoked = 'observer link revoked';

const isUnder = (pathname: string, base: string) =>
	pathname === base || pathname.startsWith(`${base}/`);

export interface SocketEndpointsOptions {
	db: Database;
	tokens: TokenService;
	revocations: AccessRevocations;
	/** See `SIGNAL_TRACE_FILE`. */
	traceFile?: string;
}

/**
 * The coordinator's WebSocket endpoints, signaling at `/signal` and PeerJS under `/peerjs`.
 * Both admit a room token only while it holds (for an observer: while their link is not
 * revoked), and when a link is revoked its observers' open connections on both close at once
 * (1008, "observer link revoked").
 */
export function createSocketEndpoints(options: SocketEndpointsOptions) {
	async function verifyAdmittedToken(token: string) {
		const grant = await options.tokens.verifyRoomToken(token);
		if (grant.observerLink && (await isObserverLinkRevoked(options.db, grant.observerLink))) {
			throw new InvalidTokenError(observerLinkRevoked);
		}
		return grant;
	}
	const signaling = createSignalingServer({
		verifyRoomToken: verifyAdmittedToken,
		traceFile: options.traceFile
	});
	const peerServer = createPeerServer({ verifyRoomToken: verifyAdmittedToken });
	const stopListening = options.revocations.onObserverLinkRevoked((linkId) => {
		const cameByLink = (grant: RoomGrant) => grant.observerLink === linkId;
		const closed =
			signaling.closeWhere(cameByLink, observerLinkRevoked) +
			peerServer.closeWhere(cameByLink, observerLinkRevoked);
		log.info('observer link revoked', { linkId, closedConnections: closed });
	});

	return {
		/** Takes a WebSocket upgrade for `/signal` or `/peerjs`; false for any other path. */
		handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
			const pathname = pathnameOf(req);
			if (pathname === signalingPath) signaling.handleUpgrade(req, socket, head);
			else if (pathname !== undefined && isUnder(pathname, peerjsPath))
				peerServer.handleUpgrade(req, socket, head);
			else return false;
			return true;
		},

		/** Answers a plain HTTP request under `/peerjs`; false for any other path. */
		handleRequest(req: IncomingMessage, res: ServerResponse): boolean {
			const pathname = pathnameOf(req);
			if (pathname === undefined || !isUnder(pathname, peerjsPath)) return false;
			peerServer.handleRequest(req, res);
			return true;
		},

		async close() {
			stopListening();
			await signaling.close();
			await peerServer.close();
		}
	};
}
