import { EventEmitter } from 'node:events';
import type { RoomRunEvent } from '../../../src/lib/protocol/runs';
import type { Database } from '../db/client';

/**
 * Run events by room. Subscribers iterate `emitter` (event name: the room id) with
 * `events.on`; `publish` delivers to every subscriber, in this process or, for the
 * PostgreSQL implementation, in every coordinator sharing the database.
 */
export interface RunEvents {
	readonly emitter: EventEmitter;
	publish(roomId: string, event: RoomRunEvent): void;
	/**
	 * Publishes from inside the transaction `tx` that makes the event true, so that no event
	 * about the same run (from a runner that could only see it after the commit) overtakes it.
	 */
	publishInTransaction(tx: Database, roomId: string, event: RoomRunEvent): Promise<void>;
	close(): Promise<void>;
}

/** Run events inside one process: enough with embedded PGlite, which one process owns. */
export class LocalRunEvents implements RunEvents {
	readonly emitter = new EventEmitter().setMaxListeners(0);

	publish(roomId: string, event: RoomRunEvent): void {
		this.emitter.emit(roomId, event);
	}

	// In one process no runner sees the run before this returns and the caller commits.
	async publishInTransaction(_tx: Database, roomId: string, event: RoomRunEvent) {
		this.publish(roomId, event);
	}

	async close(): Promise<void> {
		this.emitter.removeAllListeners();
	}
}
