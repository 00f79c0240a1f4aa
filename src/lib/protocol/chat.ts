import { z } from 'zod';
import { EpochMs } from './epoch-time';
import { RoomRole } from './rooms';

export const maxChatTextLength = 2000;

/**
 * One chat line as stored in the room's Yjs document. Peers are not trusted, so readers
 * validate entries with this schema and skip the ones that fail.
 */
export const ChatMessage = z.object({
	id: z.string().max(64),
	authorId: z.string().max(64),
	author: z.string().max(60),
	role: RoomRole,
	text: z.string().min(1).max(maxChatTextLength),
	/** Milliseconds since the epoch, by the author's clock; within 2020–2100 (epoch-time.ts). */
	sentAt: EpochMs
});
export type ChatMessage = z.infer<typeof ChatMessage>;
