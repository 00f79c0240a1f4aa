import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { connectPostgres } from '../../../server-common/postgres';
import * as schema from './schema';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface OpenDatabase {
	db: Database;
	/** `pglite` or `postgres`, for logs and test names. */
	driver: 'pglite' | 'postgres';
	/** LISTENs on `channel`; resolves to the function that stops listening. */
	listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
	close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Opens the database and applies the committed migrations. With a `databaseUrl` it is
 * PostgreSQL; otherwise embedded PGlite stored in `dataDir`, or in memory without one.
 */
export async function openDatabase(options: {
	databaseUrl?: string;
	dataDir?: string;
}): Promise<OpenDatabase> {
	if (options.databaseUrl) {
		const { client, listen, close } = connectPostgres(options.databaseUrl);
		const db = drizzlePostgres(client, { schema });
		await migratePostgres(db, { migrationsFolder });
		return { db, driver: 'postgres', listen, close };
	}
	if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
	const client = new PGlite(options.dataDir ? `${options.dataDir}/pglite` : undefined);
	const db = drizzlePglite(client, { schema });
	await migratePglite(db, { migrationsFolder });
	return {
		db,
		driver: 'pglite',
		async listen(channel, onPayload) {
			const unlisten = await client.listen(channel, onPayload);
			return () => unlisten();
		},
		close: () => client.close()
	};
}
