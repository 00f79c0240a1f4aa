import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Database } from '../db/client';
import { sessionsTable } from '../db/schema';
import { sessionTtlSeconds } from './tokens';

/**
 * Records a new session for `userId`, lasting as long as its token, and returns its id (the
 * token's `jti`). The user's sessions that have expired are dropped on the way.
 */
export async function openSession(db: Database, userId: string, now: Date): Promise<string> {
	await db
		.delete(sessionsTable)
		.where(and(eq(sessionsTable.userId, userId), lt(sessionsTable.expiresAt, now)));
	const [session] = await db
		.insert(sessionsTable)
		.values({ userId, expiresAt: new Date(now.getTime() + sessionTtlSeconds * 1000) })
		.returning({ id: sessionsTable.id });
	return session!.id;
}

/** Whether the session exists, belongs to `userId`, and is neither revoked nor expired. */
export async function isSessionActive(
	db: Database,
	sessionId: string,
	userId: string,
	now: Date
): Promise<boolean> {
	const [session] = await db
		.select({ id: sessionsTable.id })
		.from(sessionsTable)
		.where(
			and(
				eq(sessionsTable.id, sessionId),
				eq(sessionsTable.userId, userId),
				isNull(sessionsTable.revokedAt),
				gt(sessionsTable.expiresAt, now)
			)
		);
	return session !== undefined;
}

/** Ends a session: its token signs nobody in from now on. */
export async function revokeSession(db: Database, sessionId: string, now: Date): Promise<void> {
	await db
		.update(sessionsTable)
		.set({ revokedAt: now })
		.where(and(eq(sessionsTable.id, sessionId), isNull(sessionsTable.revokedAt)));
}
