import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import { clientAddressResolver, type AddressedRequest } from './auth/client-address';
import { isSessionActive } from './auth/sessions';
import type { Throttles } from './auth/throttles';
import type { Clock, SessionUser, TokenService } from './auth/tokens';
import type { Database } from './db/client';
import type { Env } from './env';
import type { AccessRevocations } from './http/access-revocations';
import type { Availability } from '../../runner/src/code-runner';
import type { RecordingStore } from './recording/recording-store';
import type { SessionLogScheduler } from './recording/session-log-scheduler';
import type { RunEvents } from './runs/events';

export const sessionCookieName = 'pairdesk_session';

/** Long-lived parts every request shares. */
export interface Services {
	db: Database;
	tokens: TokenService;
	/** Login and room-password attempts, counted per address, email and room (`auth/throttles.ts`). */
	throttles: Throttles;
	/** Candidates and observers one room admits at most; interviewers always enter. */
	maxAdmissionsPerRoom: number;
	/** The server's time: it alone decides when a scheduled interview opens. */
	clock: Clock;
	iceServers: Env['ICE_SERVERS'];
	runs: RunServices;
	recording: RecordingStore;
	/** Rebuilds ended interviews' session logs when late uploads arrive. */
	sessionLogs: SessionLogScheduler;
	/** How often pages upload their recording queue; handed to them when they join. */
	recordingUploadMs: number;
	/** Revoking an observer link is announced here, so their open sockets close at once. */
	revocations: AccessRevocations;
}

/** What the runs router needs from the code runner, wherever that runs. */
export interface RunServices {
	availability(): Promise<Availability>;
	events: RunEvents;
	/** Tells the runners a run was queued. */
	dispatch(): void;
	/** Tells the runner holding run `runId` that someone asked to stop it. */
	stop(runId: string): void;
	perRoomPerMinute: number;
}

/** Writes the session cookie on the response; tests pass one that records the calls. */
export interface SessionCookie {
	set(token: string, maxAgeSeconds: number): void;
	clear(): void;
}

export interface Context {
	services: Services;
	user: SessionUser | null;
	/** The session the user is signed in by, which logging out revokes. */
	sessionId: string | null;
	sessionCookie: SessionCookie;
	clientIp: string;
}

/** Builds a context without HTTP, for in-process router tests (`createCaller`). */
export function createContextInner(context: Context): Context {
	return context;
}

function responseSessionCookie(req: IncomingMessage, res: ServerResponse): SessionCookie {
	const secure =
		'encrypted' in req.socket || req.headers['x-forwarded-proto']?.toString().startsWith('https');
	const write = (value: string, maxAge: number) =>
		res.appendHeader(
			'Set-Cookie',
			serializeCookie(sessionCookieName, value, {
				httpOnly: true,
				sameSite: 'lax',
				secure: Boolean(secure),
				path: '/',
				maxAge
			})
		);
	return { set: write, clear: () => write('', 0) };
}

/** The session a request's cookie names, if its token is valid and the session still active. */
async function activeSession(services: Services, req: IncomingMessage) {
	const token = parseCookies(req.headers.cookie ?? '')[sessionCookieName];
	if (!token) return null;
	// A bad or expired cookie simply means "not signed in".
	const session = await services.tokens.verifySession(token).catch(() => null);
	if (!session) return null;
	const { db, clock } = services;
	return (await isSessionActive(db, session.sessionId, session.user.id, clock())) ? session : null;
}

/**
 * Reads the signed-in user, if any, from the session cookie of a tRPC request, and the
 * client's address (`clientAddress`: the socket's unless TRUST_PROXY says otherwise).
 */
export function createContextFactory(
	services: Services,
	clientAddress: (req: AddressedRequest) => string = clientAddressResolver({ kind: 'none' })
) {
	return async ({ req, res }: { req: IncomingMessage; res: ServerResponse }): Promise<Context> => {
		const session = await activeSession(services, req);
		return createContextInner({
			services,
			user: session?.user ?? null,
			sessionId: session?.sessionId ?? null,
			sessionCookie: responseSessionCookie(req, res),
			clientIp: clientAddress(req)
		});
	};
}
