import { openDatabase, type OpenDatabase } from '../db/client';

/**
 * The database tests run against: PostgreSQL when `DATABASE_URL` is set (as in CI),
 * otherwise a fresh in-memory PGlite. Tests use unique emails, so a shared PostgreSQL
 * database never needs wiping.
 */
export function openTestDatabase(): Promise<OpenDatabase> {
	return openDatabase({ databaseUrl: process.env.DATABASE_URL });
}

/** A value no other test run has used, for emails and titles. */
export const nonce = () => Math.random().toString(36).slice(2, 10);
