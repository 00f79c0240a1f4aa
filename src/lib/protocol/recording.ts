import { z } from 'zod';
import { boundedBase64 } from './base64';
import type { ChatMessage } from './chat';

/** One Yjs update a participant's editor produced, base64, at most this many bytes decoded. */
export const maxRecordedUpdateBytes = 256 * 1024;
/** Entries per upload call; a longer queue drains over several calls. */
export const maxEntriesPerUpload = 200;

/**
 * Integrity and presence signals a participant's page records about itself: when it joined
 * and left, when its tab was hidden or its window lost focus, and what was pasted.
 */
export const RecordedSignal = z.discriminatedUnion('kind', [
	z.object({ kind: z.enum(['joined', 'left', 'hidden', 'visible', 'blurred', 'focused']) }),
	z.object({
		kind: z.literal('paste'),
		/** Characters pasted. */
		length: z.number().int().nonnegative(),
		/** `editor`: the text was copied from this editor; `outside`: from anywhere else. */
		source: z.enum(['editor', 'outside'])
	})
]);
export type RecordedSignal = z.infer<typeof RecordedSignal>;

const base64 = boundedBase64(maxRecordedUpdateBytes, 'An update');

export const RecordedEntry = z.discriminatedUnion('type', [
	z.object({
		type: z.literal('update'),
		/** The author's clock, ms since the epoch, when the edit happened. */
		at: z.number().int().nonnegative(),
		update: base64
	}),
	z.object({
		type: z.literal('signal'),
		/** Unique per signal: a retried upload does not record it twice. */
		id: z.uuid(),
		at: z.number().int().nonnegative(),
		signal: RecordedSignal
	})
]);
export type RecordedEntry = z.infer<typeof RecordedEntry>;

export const uploadInput = z.object({
	token: z.string().min(1).max(4096),
	entries: z.array(RecordedEntry).min(1).max(maxEntriesPerUpload)
});
export type UploadInput = z.infer<typeof uploadInput>;

/** A Yjs state vector: one varint pair per client, so small even in long interviews. */
const maxStateVectorBytes = 64 * 1024;

export const recordedStateInput = z.object({
	token: z.string().min(1).max(4096),
	/** What the page has (a Yjs state vector, base64): the answer holds only what is newer. */
	have: boundedBase64(maxStateVectorBytes, 'A state vector').optional()
});

/** An ended interview in one record: who took part when, what was said, run and written. */
export interface SessionLog {
	language: string;
	finalCode: string;
	/** First recorded activity to the end. */
	startedAt: string | null;
	endedAt: string;
	durationMs: number;
	participants: {
		id: string;
		name: string;
		role: string;
		joined: string[];
		left: string[];
	}[];
	chat: ChatMessage[];
	runs: {
		id: string;
		at: string;
		by: string;
		language: string;
		status: string;
		exitCode: number | null;
	}[];
}
