import { EventEmitter } from 'node:events';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { RoomRunEvent, RunOutput } from '../../../src/lib/protocol/runs';
import type { Database, OpenDatabase } from '../db/client';
import type { RunEvents } from './events';
import { findRun } from './queue';

export const runEventsChannel = 'pairdesk_run_events';

/**
 * NOTIFY payloads are capped at 8000 bytes: a run record (up to 64 KB of code and as much
 * output) travels as its id and is read back from the database, and output is cut into
 * pieces that stay under the cap even if every character needs a six-byte JSON escape.
 */
const maxTextPerNotice = 1000;

const Notice = z.object({
	roomId: z.uuid(),
	runId: z.uuid(),
	type: z.enum(['queued', 'started', 'output', 'finished']),
	startedAt: z.string().optional(),
	output: z
		.object({
			stream: z.enum(['stdout', 'stderr']),
			phase: z.enum(['compile', 'run']),
			text: z.string()
		})
		.optional()
});
type Notice = z.infer<typeof Notice>;

function noticesOf(roomId: string, event: RoomRunEvent): Notice[] {
	switch (event.type) {
		case 'queued':
		case 'finished':
			return [{ roomId, runId: event.run.id, type: event.type }];
		case 'started':
			return [{ roomId, runId: event.runId, type: 'started', startedAt: event.startedAt }];
		case 'output':
			return splitText(event.output.text).map((text) => ({
				roomId,
				runId: event.runId,
				type: 'output',
				output: { ...event.output, text }
			}));
	}
}

function splitText(text: string): string[] {
	const pieces: string[] = [];
	for (let at = 0; at < text.length; at += maxTextPerNotice) {
		pieces.push(text.slice(at, at + maxTextPerNotice));
	}
	return pieces;
}

function notify(db: Database, notice: Notice) {
	return db.execute(sql`select pg_notify(${runEventsChannel}, ${JSON.stringify(notice)})`);
}

/**
 * Run events through PostgreSQL LISTEN/NOTIFY, so that runners and coordinators in other
 * processes or on other hosts all hear them. Notices are sent one after the other and
 * handled one after the other, which keeps a run's events in order.
 */
export class PgRunEvents implements RunEvents {
	readonly emitter = new EventEmitter().setMaxListeners(0);
	private sending: Promise<void> = Promise.resolve();
	private receiving: Promise<void> = Promise.resolve();
	private unlisten: (() => Promise<void>) | null = null;

	private constructor(
		private readonly db: Database,
		private readonly onError: (error: unknown) => void
	) {}

	/** With `listen`, this process hears the events too; a runner only publishes. */
	static async open(
		database: Pick<OpenDatabase, 'db' | 'listen'>,
		options: { listen: boolean; onError(error: unknown): void }
	): Promise<PgRunEvents> {
		const events = new PgRunEvents(database.db, options.onError);
		if (options.listen) {
			events.unlisten = await database.listen(runEventsChannel, (payload) => {
				events.receiving = events.receiving
					.then(() => events.receive(payload))
					.catch(options.onError);
			});
		}
		return events;
	}

	publish(roomId: string, event: RoomRunEvent): void {
		for (const notice of noticesOf(roomId, event)) {
			this.sending = this.sending.then(() => notify(this.db, notice)).then(() => {}, this.onError);
		}
	}

	// PostgreSQL delivers a transaction's notifications at its commit, in commit order.
	async publishInTransaction(tx: Database, roomId: string, event: RoomRunEvent) {
		for (const notice of noticesOf(roomId, event)) await notify(tx, notice);
	}

	private async receive(payload: string) {
		const parsed = Notice.safeParse(JSON.parse(payload));
		if (!parsed.success) throw new Error(`malformed run event notice: ${payload.slice(0, 200)}`);
		const notice = parsed.data;
		const event = await this.eventOf(notice);
		if (event) this.emitter.emit(notice.roomId, event);
	}

	private async eventOf(notice: Notice): Promise<RoomRunEvent | null> {
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
		await this.sending;
		await this.unlisten?.();
		await this.receiving;
		this.emitter.removeAllListeners();
	}
}
