import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { openSharedRunQueue } from './shared-run-queue';

describe('openSharedRunQueue', () => {
	const client = new PGlite();
	afterAll(() => client.close());

	it('refuses a database no coordinator has set up, saying what to start first', async () => {
		const database = { db: drizzle(client), listen: async () => async () => {} };
		await expect(openSharedRunQueue(database, () => {})).rejects.toThrow(
			/runs queue tables are missing.*start a coordinator on the same DATABASE_URL first/
		);
	});
});
