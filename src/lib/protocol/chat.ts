import { z } from 'zod';
import { boundedText, epochMs } from './bounded-input';
import { maxChatCertificateLength } from './chat-certificate';
import { RoomRole } from './rooms';

export const maxChatTextLength = 2000;

/**
 * What a line may announce instead of being typed: `language-switch`, its author switched the
 * room's language (the text says to which). Shown as an event, "Ada switched to Go".
 */
export const chatEvents = ['language-switch'] as const;

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
	sentAt: epochMs,
	event: z.enum(chatEvents).optional()
});
export type ChatMessage = z.infer<typeof ChatMessage>;

/** What proves who wrote a line (chat-signature.ts). */
export const ChatSignature = z.object({
	/** The author's chat certificate (chat-certificate.ts): a compact JWS. */
	cert: z
		.string()
		.max(maxChatCertificateLength)
		.regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/),
	/** Ed25519 signature of the line by the certified key: 64 bytes in base64url. */
	sig: z.string().regex(/^[A-Za-z0-9_-]{86}$/)
});
export type ChatSignature = z.infer<typeof ChatSignature>;

/** A line as live pages write it and show it: signed by its author's page. */
export const SignedChatMessage = ChatMessage.extend(ChatSignature.shape);
export type SignedChatMessage = z.infer<typeof SignedChatMessage>;

/**
 * A line as the document may hold it: signed, or from before lines were (old recordings,
 * which the replay attributes by Yjs client instead).
 */
export const StoredChatMessage = ChatMessage.extend(ChatSignature.partial().shape);
export type StoredChatMessage = z.infer<typeof StoredChatMessage>;
