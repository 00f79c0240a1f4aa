import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { clientAddressResolver } from './auth/client-address';
import { loadJwtSecret } from './auth/jwt-secret';
import { loadRoomSigningKey } from './auth/room-signing-key';
import { createThrottles } from './auth/throttles';
import { createTokenService, InvalidTokenError } from './auth/tokens';
import { createContextFactory, type Services } from './context';
import { openDatabase } from './db/client';
import type { Env } from './env';
import { createTrpcHandler } from './http/trpc-handler';
import { createLogger } from './logger';
import { appRouter } from './routers/_app';
import { isObserverLinkRevoked } from './routers/room-access';
import { peerjsPath, signalingPath, trpcPath } from '../../src/lib/protocol/paths';
import { defaultRecordingOptions, RecordingStore } from './recording/recording-store';
import { LocalRunEvents } from './runs/events';
import { PgRunEvents } from './runs/pg-run-events';
import { localRunServices, remoteRunServices } from './runs/run-services';
import { createSignalingServer } from './signaling/server';
import { createPeerServer } from './video/peer-server';

const log = createLogger('coordinator');

type NextHandler = (req: IncomingMessage, res: ServerResponse) => void;

const pathnameOf = (req: IncomingMessage) => new URL(req.url ?? '/', 'http://localhost').pathname;
const isUnder = (pathname: string, base: string) =>
	pathname === base || pathname.startsWith(`${base}/`);

/**
 * The coordinator without a listening socket: an HTTP handler for `/trpc` and an upgrade
 * handler for `/signal` and `/peerjs`. Anything else goes to `fallback` (the SvelteKit app).
 */
export async function createCoordinator(env: Env) {
	const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
	log.info(`database ready (${database.driver})`);
	const tokens = createTokenService(
		loadJwtSecret({ jwtSecret: env.JWT_SECRET, dataDir: env.DATA_DIR }),
		undefined,
		loadRoomSigningKey({ roomSigningKey: env.ROOM_SIGNING_KEY, dataDir: env.DATA_DIR })
	);
	// A bad ROOM_SIGNING_KEY stops start-up here rather than at the first join.
	await tokens.roomPublicKey();
	const runLog = createLogger('runs');
	// Over PostgreSQL, run events reach every coordinator and runner sharing the database.
	const runEvents =
		database.driver === 'postgres'
			? await PgRunEvents.open(database, {
					listen: true,
					onError: (error) => runLog.error('run event failed', { error: String(error) })
				})
			: new LocalRunEvents();
	const runOptions = {
		db: database.db,
		events: runEvents,
		perRoomPerMinute: env.RUNS_PER_ROOM_PER_MINUTE,
		log: runLog
	};
	const runs =
		env.RUNNER_MODE === 'remote'
			? remoteRunServices(runOptions)
			: localRunServices({
					...runOptions,
					concurrency: env.RUNNER_CONCURRENCY,
					poolSize: env.RUNNER_POOL_SIZE
				});
	const services: Services = {
		db: database.db,
		tokens,
		throttles: createThrottles(),
		maxAdmissionsPerRoom: env.ROOM_MAX_ADMISSIONS,
		clock: () => new Date(),
		iceServers: env.ICE_SERVERS,
		runs: runs.services,
		recording: new RecordingStore(database.db, {
			...defaultRecordingOptions,
			keyframeEvery: env.RECORDING_KEYFRAME_EVERY,
			keyframeAfterMs: env.RECORDING_KEYFRAME_MINUTES * 60_000
		}),
		recordingUploadMs: env.RECORDING_UPLOAD_MS
	};
	// Internal errors are logged, with the id their answer carries, by the error formatter.
	const trpcHandler = createTrpcHandler(
		{
			router: appRouter,
			createContext: createContextFactory(services, clientAddressResolver(env.TRUST_PROXY))
		},
		{ maxBodyBytes: env.TRPC_MAX_BODY_KB * 1024 }
	);
	// An observer whose link was revoked is not introduced to the peers again, nor called.
	async function verifyAdmittedToken(token: string) {
		const grant = await tokens.verifyRoomToken(token);
		if (grant.observerLink && (await isObserverLinkRevoked(database.db, grant.observerLink))) {
			throw new InvalidTokenError('observer link revoked');
		}
		return grant;
	}
	const signaling = createSignalingServer({
		verifyRoomToken: verifyAdmittedToken,
		traceFile: env.SIGNAL_TRACE_FILE
	});
	const peerServer = createPeerServer({ verifyRoomToken: verifyAdmittedToken });

	return {
		handleRequest(req: IncomingMessage, res: ServerResponse, fallback: NextHandler) {
			const pathname = pathnameOf(req);
			if (pathname.startsWith(`${trpcPath}/`)) return trpcHandler(req, res);
			if (isUnder(pathname, peerjsPath)) return peerServer.handleRequest(req, res);
			fallback(req, res);
		},
		handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
			const pathname = pathnameOf(req);
			if (pathname === signalingPath) signaling.handleUpgrade(req, socket, head);
			else if (isUnder(pathname, peerjsPath)) peerServer.handleUpgrade(req, socket, head);
			else return false;
			return true;
		},
		async close() {
			await signaling.close();
			await peerServer.close();
			await runs.close();
			await runEvents.close();
			await database.close();
		}
	};
}
