import { importJWK, jwtVerify, type JWK } from 'jose';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import {
	RoomTokenClaims,
	roomTokenAlgorithm,
	roomTokenAudience,
	roomTokenIssuer
} from '../../protocol/room-token';
import type { VerifiedPeer } from './update-policy';

/**
 * The first message on every WebRTC connection: the sender's room token. y-webrtc's own
 * message types are 0–4; this one is far from them.
 */
export const messagePeerPass = 80;
const maxTokenLength = 4096;
// Browsers' clocks drift; the token's expiry is hours away anyway.
const clockToleranceSeconds = 300;

export function encodePeerPass(token: string): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, messagePeerPass);
	encoding.writeVarString(encoder, token);
	return encoding.toUint8Array(encoder);
}

/** The token in a pass message, or null if the message is not a well-formed pass. */
export function decodePeerPass(message: Uint8Array): string | null {
	try {
		const decoder = decoding.createDecoder(message);
		if (decoding.readVarUint(decoder) !== messagePeerPass) return null;
		const token = decoding.readVarString(decoder);
		return token.length <= maxTokenLength ? token : null;
	} catch {
		return null;
	}
}

export class PeerPassError extends Error {
	override name = 'PeerPassError';
}

/**
 * Checks a peer's room token with the coordinator's public key: signed by the coordinator,
 * not expired, for this room. Returns who the peer is.
 */
export function createPassVerifier(roomKey: JWK, roomId: string) {
	const key = importJWK({ ...roomKey, alg: roomTokenAlgorithm }, roomTokenAlgorithm);
	return async (token: string): Promise<VerifiedPeer> => {
		let claims: RoomTokenClaims;
		try {
			const { payload } = await jwtVerify(token, await key, {
				issuer: roomTokenIssuer,
				audience: roomTokenAudience,
				algorithms: [roomTokenAlgorithm],
				clockTolerance: clockToleranceSeconds
			});
			claims = RoomTokenClaims.parse(payload);
		} catch (error) {
			throw new PeerPassError(`room token refused: ${(error as Error).message}`);
		}
		if (claims.room !== roomId) throw new PeerPassError('room token is for another room');
		return {
			participantId: claims.sub,
			role: claims.role,
			name: claims.name,
			colorIndex: claims.color,
			...(claims.link && { observerLink: claims.link }),
			...(claims.yb !== undefined && { clientBlock: claims.yb })
		};
	};
}
