import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { StartLocalRunner } from '../../runner/src/run-queue';
import { clientAddressResolver } from './auth/client-address';
import { loadJwtSecret } from './auth/jwt-secret';
import { loadRoomSigningKey } from './auth/room-signing-key';
import { createThrottles } from './auth/throttles';
import { createTokenService } from './auth/tokens';
import { createContextFactory, type Services } from './context';
import { openDatabase } from './db/client';
import type { Env } from './env';
import { createTrpcHandler } from './http/trpc-handler';
import { createLogger } from '../../server-common/logger';
import { AccessRevocations } from './http/access-revocations';
import { createSocketEndpoints } from './http/socket-endpoints';
import { pathnameOf } from './http/upgrade';
import { appRouter } from './routers/_app';
import { trpcPath } from '../../src/lib/protocol/paths';
import { defaultRecordingOptions, RecordingStore } from './recording/recording-store';
import { storeSessionLog } from './recording/session-log';
import { SessionLogScheduler } from './recording/session-log-scheduler';
import { LocalRunEvents } from './runs/events';
import { PgRunEvents } from './runs/pg-run-events';
import { localRunServices, remoteRunServices } from './runs/run-services';

const log = createLogger('coordinator');

type NextHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The coordinator without a listening socket: an HTTP handler for `/trpc` and an upgrade
 * handler for `/signal` and `/peerjs`. Anything else goes to `fallback` (the SvelteKit app).
 * With RUNNER_MODE=local it hosts the runner `startLocalRunner` starts on its runs queue.
 */
export async function createCoordinator(
	env: Env,
	{ startLocalRunner }: { startLocalRunner: StartLocalRunner }
) {
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
			: localRunServices({ ...runOptions, startRunner: startLocalRunner });
	const recording = new RecordingStore(database.db, {
		...defaultRecordingOptions,
		keyframeEvery: env.RECORDING_KEYFRAME_EVERY,
		keyframeAfterMs: env.RECORDING_KEYFRAME_MINUTES * 60_000
	});
	const sessionLogs = new SessionLogScheduler((roomId) =>
		storeSessionLog(database.db, recording, roomId)
	);
	const revocations = new AccessRevocations();
	const services: Services = {
		db: database.db,
		tokens,
		throttles: createThrottles(),
		maxAdmissionsPerRoom: env.ROOM_MAX_ADMISSIONS,
		clock: () => new Date(),
		iceServers: env.ICE_SERVERS,
		runs: runs.services,
		recording,
		sessionLogs,
		recordingUploadMs: env.RECORDING_UPLOAD_MS,
		revocations
	};
	// Internal errors are logged, with the id their answer carries, by the error formatter.
	const trpcHandler = createTrpcHandler(
		{
			router: appRouter,
			createContext: createContextFactory(services, clientAddressResolver(env.TRUST_PROXY))
		},
		{ maxBodyBytes: env.TRPC_MAX_BODY_KB * 1024 }
	);
	const sockets = createSocketEndpoints({
		db: database.db,
		tokens,
		revocations,
		traceFile: env.SIGNAL_TRACE_FILE
	});

	function route(req: IncomingMessage, res: ServerResponse, fallback: NextHandler) {
		const pathname = pathnameOf(req);
		if (pathname === undefined) {
			res.writeHead(400, { 'Content-Type': 'text/plain' }).end('The request target is not a URL');
			return;
		}
		if (pathname.startsWith(`${trpcPath}/`)) return trpcHandler(req, res);
		if (sockets.handleRequest(req, res)) return;
		fallback(req, res);
	}

	// A handler that throws fails its own request, never the process.
	const failed = (what: string, req: IncomingMessage, error: unknown) =>
		log.error(`${what} failed`, { url: req.url?.slice(0, 200), error: String(error) });

	return {
		handleRequest(req: IncomingMessage, res: ServerResponse, fallback: NextHandler) {
			try {
				route(req, res, fallback);
			} catch (error) {
				failed('request', req, error);
				if (res.headersSent) res.destroy();
				else res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Internal error');
			}
		},
		/** Takes an upgrade for `/signal` or `/peerjs`; false (the caller destroys it) otherwise. */
		handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
			try {
				return sockets.handleUpgrade(req, socket, head);
			} catch (error) {
				failed('upgrade', req, error);
				socket.destroy();
				return true;
			}
		},
		async close() {
			await sockets.close();
			await runs.close();
			await sessionLogs.flush();
			await runEvents.close();
			await database.close();
		}
	};
}
