import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { RunProgress } from '../../runner/src/run-queue';
import type { QueueDb } from './database';

/** Run events, for every coordinator sharing the database to pass on to the room. */
export const runEventsChannel = 'pairdesk_run_events';

/** Runners LISTEN here to claim a new run at once instead of at their next poll. */
export const runQueuedChannel = 'pairdesk_run_queued';

/** Runners LISTEN here for stops: the payload is the run's id; its holder kills it at once. */
export const runStopChannel = 'pairdesk_run_stop';

/**
 * NOTIFY payloads are capped at 8000 bytes: a run record (up to 64 KB of code and as much
 * output) travels as its id and is read back from the database, and output is cut into
 * pieces that stay under the cap even if every character needs a six-byte JSON escape.
 */
const maxTextPerNotice = 1000;

export const RunNotice = z.object({
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
export type RunNotice = z.infer<typeof RunNotice>;

/** What a notice can say: a run's progress, or that a run was queued or finished (by id). */
export type NoticedRunEvent = RunProgress | { type: 'queued' | 'finished'; runId: string };

export function noticesOf(roomId: string, event: NoticedRunEvent): RunNotice[] {
	switch (event.type) {
		case 'queued':
		case 'finished':
			return [{ roomId, runId: event.runId, type: event.type }];
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

export function notify(db: QueueDb, notice: RunNotice) {
	return db.execute(sql`select pg_notify(${runEventsChannel}, ${JSON.stringify(notice)})`);
}

/** Wakes the runners listening on `runQueuedChannel`. */
export function signalRunQueued(db: QueueDb) {
	return db.execute(sql`select pg_notify(${runQueuedChannel}, '')`);
}

/** Tells the runners that someone asked to stop run `runId`. */
export function signalStopRequested(db: QueueDb, runId: string) {
	return db.execute(sql`select pg_notify(${runStopChannel}, ${runId})`);
}

/**
 * Sends run events as notices, one after the other, which keeps a run's events in order;
 * a failed send is reported to `onError` and does not hold up the next.
 */
export class RunNoticePublisher {
	private sending: Promise<void> = Promise.resolve();

	constructor(
		private readonly db: QueueDb,
		private readonly onError: (error: unknown) => void
	) {}

	publish(roomId: string, event: NoticedRunEvent): void {
		for (const notice of noticesOf(roomId, event)) {
			this.sending = this.sending.then(() => notify(this.db, notice)).then(() => {}, this.onError);
		}
	}

	/** Resolves once the notices published so far are sent. */
	flushed(): Promise<void> {
		return this.sending;
	}
}
