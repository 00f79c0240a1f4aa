import { eq, gt } from 'drizzle-orm';
import type { Availability } from '../../runner/src/code-runner';
import type { QueueDb } from './database';
import { runnersTable } from './schema';

/** A runner that has not reported for this long is taken for gone. */
export const runnerSilenceMs = 15_000;

/** Records that runner `id` is alive, and whether its Docker engine answers. */
export async function reportRunner(db: QueueDb, id: string, availability: Availability) {
	const state = {
		available: availability.available,
		reason: availability.available ? null : availability.reason,
		lastSeen: new Date()
	};
	await db
		.insert(runnersTable)
		.values({ id, ...state })
		.onConflictDoUpdate({ target: runnersTable.id, set: state });
}

export async function removeRunner(db: QueueDb, id: string) {
	await db.delete(runnersTable).where(eq(runnersTable.id, id));
}

/** Whether some stand-alone runner can execute code now, and if none can, why. */
export async function remoteAvailability(db: QueueDb): Promise<Availability> {
	const recent = gt(runnersTable.lastSeen, new Date(Date.now() - runnerSilenceMs));
	const runners = await db.select().from(runnersTable).where(recent);
	if (runners.some((runner) => runner.available)) return { available: true };
	if (runners.length > 0) {
		return { available: false, reason: runners[0]!.reason ?? 'No runner can execute code' };
	}
	return {
		available: false,
		reason:
			'Code execution is off: no runner is connected. Start one with `npm run runner` on a host with Docker, pointed at this DATABASE_URL.'
	};
}
