import { EventEmitter } from 'node:events';
import type { RoomRunEvent, RunOutput } from '../../../src/lib/protocol/runs';
import {
	type NoticedRunEvent,
	noticesOf,
	notify,
	RunNotice,
	RunNoticePublisher,
	runEventsChannel
} from '../../../server-common/runs-queue/notices';
import type { Database, OpenDatabase } from '../db/client';
import type { RunEvents } from './events';
import { findRun } from './queue';

/** A record-carrying event travels as its run's id: a notice holds at most 8000 bytes. */
function noticedEvent(event: RoomRunEvent): NoticedRunEvent {
	return event.type === 'queued' || event.type === 'finished'
		? { type: event.type, runId: event.run.id }
		: event;
}

/**
 * Run events through PostgreSQL LISTEN/NOTIFY, so that runners and coordinators in other
 * processes or on other hosts all hear them (the runners publish with the same notices,
 * `server-common/runs-queue/notices.ts`). Notices are sent one after the other and handled
 * one after the other, which keeps a run's events in order.
 */
export class PgRunEvents implements RunEvents {
	readonly emitter = new EventEmitter().setMaxListeners(0);
	private readonly notices: RunNoticePublisher;
	private receiving: Promise<void> = Promise.resolve();
	private unlisten: () => Promise<void> = async () => {};

	private constructor(
		private readonly db: Database,
		onError: (error: unknown) => void
	) {
		this.notices = new RunNoticePublisher(db, onError);
	}

	static async open(
		database: Pick<OpenDatabase, 'db' | 'listen'>,
		options: { onError(error: unknown): void }
	): Promise<PgRunEvents> {
		const events = new PgRunEvents(database.db, options.onError);
		events.unlisten = await database.listen(runEventsChannel, (payload) => {
			events.receiving = events.receiving
				.then(() => events.receive(payload))
				.catch(options.onError);
		});
		return events;
	}

	publish(roomId: string, event: RoomRunEvent): void {
		this.notices.publish(roomId, noticedEvent(event));
	}

	// PostgreSQL delivers a transaction's notifications at its commit, in commit order.
	async publishInTransaction(tx: Database, roomId: string, event: RoomRunEvent) {
		for (const notice of noticesOf(roomId, noticedEvent(event))) await notify(tx, notice);
	}

	private async receive(payload: string) {
		const parsed = RunNotice.safeParse(JSON.parse(payload));
		if (!parsed.success) throw new Error(`malformed run event notice: ${payload.slice(0, 200)}`);
		const notice = parsed.data;
		const event = await this.eventOf(notice);
		if (event) this.emitter.emit(notice.roomId, event);
	}

	private async eventOf(notice: RunNotice): Promise<RoomRunEvent | null> {
		switch (notice.type) {
			case 'queued':
			case 'finished': {
				const run = await findRun(this.db, notice.runId);
				return run && { type: notice.type, run };
			}
			case 'started':
				return { type: 'started', runId: notice.runId, startedAt: notice.startedAt ?? '' };
			case 'output':
				return { type: 'output', runId: notice.runId, output: notice.output as RunOutput };
		}
	}

	/** Waits for the notices sent so far, then stops listening. */
	async close(): Promise<void> {
		await this.notices.flushed();
		await this.unlisten();
		await this.receiving;
		this.emitter.removeAllListeners();
	}
}
