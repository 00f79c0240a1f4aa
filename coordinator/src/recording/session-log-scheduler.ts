import { createLogger } from '../../../server-common/logger';

const log = createLogger('session-log');

/** How often an ended interview's session log is rebuilt at most while late uploads arrive. */
export const defaultSessionLogIntervalMs = 3000;

/**
 * Rebuilds ended interviews' session logs when late uploads arrive: at most once per
 * interval per room, however many uploads come, instead of once per upload.
 */
export class SessionLogScheduler {
	private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
	private readonly lastRun = new Map<string, number>();
	private readonly running = new Set<Promise<void>>();

	constructor(
		private readonly rebuild: (roomId: string) => Promise<void>,
		private readonly intervalMs = defaultSessionLogIntervalMs
	) {}

	/** Asks for a rebuild of the room's log; it happens once the interval since the last is over. */
	request(roomId: string) {
		if (this.pending.has(roomId)) return;
		const wait = Math.max(0, (this.lastRun.get(roomId) ?? 0) + this.intervalMs - Date.now());
		const timer = setTimeout(() => this.run(roomId), wait);
		timer.unref?.();
		this.pending.set(roomId, timer);
	}

	private run(roomId: string) {
		this.pending.delete(roomId);
		this.lastRun.set(roomId, Date.now());
		// Rooms not rebuilt for a while need no memory of it.
		setTimeout(() => this.forget(roomId), this.intervalMs).unref?.();
		const rebuilt = this.rebuild(roomId)
			.catch((error: unknown) => log.error('rebuild failed', { roomId, error: String(error) }))
			.finally(() => this.running.delete(rebuilt));
		this.running.add(rebuilt);
	}

	private forget(roomId: string) {
		const last = this.lastRun.get(roomId);
		if (last !== undefined && Date.now() - last >= this.intervalMs) this.lastRun.delete(roomId);
	}

	/** Rebuilds every requested log now and waits for all rebuilds in progress. */
	async flush() {
		for (const [roomId, timer] of this.pending) {
			clearTimeout(timer);
			this.run(roomId);
		}
		await Promise.all(this.running);
	}
}
