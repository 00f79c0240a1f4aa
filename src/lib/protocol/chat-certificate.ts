import { z } from 'zod';
import { ChatPublicKey } from './chat-key';
import { RoomRole } from './rooms';

/**
 * A chat certificate binds a page's chat key to a participant: a JWT the coordinator signs
 * with the room key (room-token.ts: same issuer and algorithm) under an audience of its own,
 * so that it never passes for a room token and grants nothing but authorship of chat lines.
 */
export const chatCertificateAudience = 'pairdesk:chat-key';
/** The longest certificate a chat line may carry; a real one is about 500 characters. */
export const maxChatCertificateLength = 2048;

export const ChatCertificateClaims = z.object({
	/** The participant the key speaks for. */
	sub: z.uuid(),
	room: z.uuid(),
	role: RoomRole,
	name: z.string(),
	/** The page's chat public key (ChatPublicKey). */
	ck: ChatPublicKey,
	iat: z.number().int().nonnegative()
});
export type ChatCertificateClaims = z.infer<typeof ChatCertificateClaims>;
