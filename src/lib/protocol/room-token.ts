import { z } from 'zod';
import { RoomRole } from './rooms';
import { maxClientBlock } from './yjs-clients';

/**
 * What a room token (JWT) looks like, shared by the coordinator that signs it and the peers
 * that check each other's with the coordinator's public key.
 */
export const roomTokenIssuer = 'pairdesk';
export const roomTokenAudience = 'pairdesk:room';
/** Ed25519: only the coordinator signs; anyone holding the public key can verify. */
export const roomTokenAlgorithm = 'EdDSA';

/**
 * The largest cursor-colour index a token may carry. The coordinator wraps the order of
 * admission around it, so however many join, no token it signs is one the peers refuse.
 */
export const maxColorIndex = 1000;

export const RoomTokenClaims = z.object({
	sub: z.uuid(),
	room: z.uuid(),
	role: RoomRole,
	name: z.string(),
	color: z.number().int().min(0).max(maxColorIndex),
	/** The observer link an observer came in by; revoking it shuts them out. */
	link: z.uuid().optional(),
	/** The block of Yjs client ids the holder writes under (yjs-clients.ts). */
	yb: z.number().int().min(1).max(maxClientBlock).optional(),
	/** When it was issued, seconds since the epoch: after the end, only older passes upload. */
	iat: z.number().int().nonnegative()
});
export type RoomTokenClaims = z.infer<typeof RoomTokenClaims>;
