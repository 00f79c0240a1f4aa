import { randomBytes } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { createThrottles } from '../auth/throttles';
import { createTokenService, type SessionUser } from '../auth/tokens';
import { AccessRevocations } from '../http/access-revocations';
import {
	createContextInner,
	type RunServices,
	type Services,
	type SessionCookie
} from '../context';
import {
	defaultRecordingOptions,
	RecordingStore,
	type RecordingOptions
} from '../recording/recording-store';
import { storeSessionLog } from '../recording/session-log';
import { SessionLogScheduler } from '../recording/session-log-scheduler';
import { LocalRunEvents } from '../runs/events';
import type { Database } from '../db/client';
import { appRouter } from '../routers/_app';
import { createCallerFactory } from '../trpc';

/** A session cookie that writes nothing and remembers every call, for assertions. */
export interface RecordingSessionCookie extends SessionCookie {
	readonly sets: { token: string; maxAgeSeconds: number }[];
	clears: number;
}

export function recordingSessionCookie(): RecordingSessionCookie {
	const cookie: RecordingSessionCookie = {
		sets: [],
		clears: 0,
		set(token, maxAgeSeconds) {
			cookie.sets.push({ token, maxAgeSeconds });
		},
		clear() {
			cookie.clears += 1;
		}
	};
	return cookie;
}

/** For tests that do not run code: Run reports that no runner is set up. */
export const runsNotConfigured: RunServices = {
	availability: async () => ({ available: false, reason: 'No code runner in this test' }),
	events: new LocalRunEvents(),
	dispatch: () => {},
	stop: () => {},
	perRoomPerMinute: 10
};

/** What a test's services differ in from the coordinator's defaults. */
export interface TestServiceOptions extends Partial<Services> {
	/** Options of the recording store, over `defaultRecordingOptions` (unless `recording` is given). */
	recordingOptions?: Partial<RecordingOptions>;
}

/** The services the coordinator builds at start-up, with a fresh random signing key. */
export function createTestServices(
	db: Database,
	{ recordingOptions, ...overrides }: TestServiceOptions = {}
): Services {
	const recording =
		overrides.recording ??
		new RecordingStore(db, { ...defaultRecordingOptions, ...recordingOptions });
	return {
		db,
		tokens: createTokenService(randomBytes(32)),
		throttles: createThrottles(),
		maxAdmissionsPerRoom: 50,
		clock: () => new Date(),
		iceServers: [],
		runs: runsNotConfigured,
		recording,
		sessionLogs: new SessionLogScheduler((roomId) => storeSessionLog(db, recording, roomId)),
		recordingUploadMs: 3000,
		revocations: new AccessRevocations(),
		...overrides
	};
}

const createCaller = createCallerFactory(appRouter);

/**
 * An in-process caller of the app router acting as `user` (anonymous when null), and the
 * `sessionCookie` that records what its procedures did to the cookie.
 */
export function callerFor(
	services: Services,
	user: SessionUser | null = null,
	options: { clientIp?: string; sessionId?: string } = {}
) {
	const sessionCookie = recordingSessionCookie();
	const caller = createCaller(
		createContextInner({
			services,
			user,
			sessionId: options.sessionId ?? null,
			sessionCookie,
			clientIp: options.clientIp ?? '127.0.0.1'
		})
	);
	// Returned side by side: the caller is a proxy that turns any property into a procedure path.
	return { caller, sessionCookie };
}

/** The TRPCError a call rejects with; anything else (including success) fails the test. */
export async function trpcErrorOf(call: Promise<unknown>): Promise<TRPCError> {
	const outcome = await call.then(
		(value) => ({ ok: true as const, value }),
		(error: unknown) => ({ ok: false as const, error })
	);
	if (outcome.ok) throw new Error(`Expected a TRPCError, got ${JSON.stringify(outcome.value)}`);
	if (!(outcome.error instanceof TRPCError)) throw outcome.error;
	return outcome.error;
}
