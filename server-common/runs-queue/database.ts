import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/postgres-js';
import { connectPostgres } from '../postgres';

/**
 * A database holding the runs queue's tables, whatever else it holds: the coordinator's
 * (PGlite or PostgreSQL, with its whole schema) or a stand-alone runner's connection.
 */
export type QueueDb = PgDatabase<PgQueryResultHKT, Record<string, unknown>>;

export interface QueueDatabase {
	db: QueueDb;
	/** LISTENs on `channel`; resolves to the function that stops listening. */
	listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
}

/**
 * A stand-alone runner's connection to the coordinators' PostgreSQL. It applies no
 * migrations: the schema is the coordinator's, which applies them at its start.
 */
export function openQueueDatabase(url: string): QueueDatabase & { close(): Promise<void> } {
	const connection = connectPostgres(url);
	return { db: drizzle(connection.client), listen: connection.listen, close: connection.close };
}
