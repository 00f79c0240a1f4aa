import { z } from 'zod';
import { boundedText, epochMs } from './bounded-input';
import { RoomRole } from './rooms';

export const maxChatTextLength = 2000;

/**
 * One chat line as stored in the room's Yjs document. Peers are not trusted, so readers
 * validate entries with this schema and skip the ones that fail.
 */
export const ChatMessage = z.object({
	id: z.string().max(64),
	authorId: z.string().max(64),
	author: boundedText({ label: 'Author', max: 60, trim: false }),
	role: RoomRole,
	text: boundedText({ label: 'Message', kind: 'lines', min: 1, max: maxChatTextLength }),
	/** Milliseconds since the epoch, by the author's clock, in a plausible window (bounded-input.ts). */
	sentAt: epochMs
});
export type ChatMessage = z.infer<typeof ChatMessage>;
