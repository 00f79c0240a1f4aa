import { EventEmitter } from 'node:events';
import type { RoomRunEvent } from '../../../src/lib/protocol/runs';

/**
 * Run events by room. Subscribers iterate `emitter` (event name: the room id) with
 * `events.on`; `publish` delivers to every subscriber, in this process or, for the
 * PostgreSQL implementation, in every coordinator sharing the database.
 */
export interface RunEvents {
	readonly emitter: EventEmitter;
	publish(roomId: string, event: RoomRunEvent): void;
	close(): Promise<void>;
}

/** Run events inside one process: enough with embedded PGlite, which one process owns. */
export class LocalRunEvents implements RunEvents {
	readonly emitter = new EventEmitter().setMaxListeners(0);

	publish(roomId: string, event: RoomRunEvent): void {
		this.emitter.emit(roomId, event);
	}

	async close(): Promise<void> {
		this.emitter.removeAllListeners();
	}
}
