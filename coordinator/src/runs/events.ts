import { EventEmitter } from 'node:events';
import type { RoomRunEvent } from '../../../src/lib/protocol/runs';

/**
 * Run events by room, inside one coordinator process. Subscribers iterate it with
 * `events.on(bus.emitter, roomId)`; runners in other processes reach it through
 * `pg-run-events.ts`, which re-publishes here.
 */
export class RunEventBus {
	readonly emitter = new EventEmitter().setMaxListeners(0);

	publish(roomId: string, event: RoomRunEvent): void {
		this.emitter.emit(roomId, event);
	}
}
