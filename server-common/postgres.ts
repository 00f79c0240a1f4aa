import postgres from 'postgres';

/** A postgres.js client for `url`, with LISTEN, as the coordinator and the runners open it. */
export function connectPostgres(url: string) {
	const client = postgres(url, { max: 10, onnotice: () => {} });
	return {
		client,
		async listen(channel: string, onPayload: (payload: string) => void) {
			const { unlisten } = await client.listen(channel, onPayload);
			return unlisten;
		},
		close: () => client.end()
	};
}

/** Whether `error`, or an error it wraps (drizzle wraps the driver's), has SQLSTATE `state`. */
export function hasSqlState(error: unknown, state: string): boolean {
	// PGlite and postgres.js both carry the SQLSTATE in `code`.
	for (let cause = error; cause; cause = (cause as { cause?: unknown }).cause) {
		if ((cause as { code?: string }).code === state) return true;
	}
	return false;
}
