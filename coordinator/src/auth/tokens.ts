import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, errors } from 'jose';
import { z } from 'zod';
import { chatCertificateAudience } from '../../../src/lib/protocol/chat-certificate';
import type { RoomRole } from '../../../src/lib/protocol/rooms';
import {
	RoomTokenClaims,
	roomTokenAlgorithm,
	roomTokenAudience,
	roomTokenIssuer
} from '../../../src/lib/protocol/room-token';
import { generateRoomSigningKey, type RoomSigningKey } from './room-signing-key';

const issuer = roomTokenIssuer;
const sessionAudience = 'pairdesk:session';
const roomAudience = roomTokenAudience;
export const sessionTtlSeconds = 7 * 24 * 3600;
export const roomTokenTtlSeconds = 12 * 3600;

const SessionClaims = z.object({
	sub: z.uuid(),
	/** The session's row (`auth/sessions.ts`): revoking it ends the token. */
	jti: z.uuid(),
	email: z.string(),
	name: z.string()
});

export interface SessionUser {
	id: string;
	email: string;
	name: string;
}

/** What a valid session token says: who, and which session (to check it was not revoked). */
export interface VerifiedSession {
	user: SessionUser;
	sessionId: string;
}

/** What a room token says about its holder. */
export interface RoomGrant {
	participantId: string;
	roomId: string;
	role: RoomRole;
	name: string;
	/** Picks the participant's cursor colour; distinct for the first participants of a room. */
	colorIndex: number;
	/** An observer's link (rooms.createObserverLink). */
	observerLink?: string;
	/** The block of Yjs client ids the participant writes under; none in passes from before blocks. */
	clientBlock?: number;
}

/** A verified room token: the grant it carries and when it was issued. */
export type VerifiedRoomGrant = RoomGrant & { issuedAt: Date };

export class InvalidTokenError extends Error {
	override name = 'InvalidTokenError';
	constructor(
		message: string,
		/** True when the signature was good but the token is past its expiry. */
		readonly expired = false,
		options?: ErrorOptions
	) {
		super(message, options);
	}
}

export type Clock = () => Date;

/**
 * Signs and verifies session JWTs (HS256, only the coordinator reads them) and room JWTs
 * (EdDSA, so that peers can check each other's with the public key). Without a room key a
 * new one is generated, as tests want.
 */
export function createTokenService(
	secret: Uint8Array,
	clock: Clock = () => new Date(),
	roomKey: Promise<RoomSigningKey> = generateRoomSigningKey()
) {
	const nowSeconds = () => Math.floor(clock().getTime() / 1000);
	const sessionKeys = { signWith: secret, verifyWith: secret, algorithm: 'HS256' };
	const roomKeys = roomKey.then((key) => ({
		signWith: key.privateKey,
		verifyWith: key.publicKey,
		algorithm: roomTokenAlgorithm
	}));

	async function sign(
		claims: Record<string, unknown>,
		audience: string,
		ttlSeconds: number,
		keys: typeof sessionKeys | Awaited<typeof roomKeys>
	) {
		const iat = nowSeconds();
		return new SignJWT(claims)
			.setProtectedHeader({ alg: keys.algorithm })
			.setIssuer(issuer)
			.setAudience(audience)
			.setIssuedAt(iat)
			.setExpirationTime(iat + ttlSeconds)
			.sign(keys.signWith);
	}

	async function verify<T>(
		token: string,
		audience: string,
		shape: z.ZodType<T>,
		keys: typeof sessionKeys | Awaited<typeof roomKeys>
	): Promise<T> {
		try {
			const { payload } = await jwtVerify(token, keys.verifyWith, {
				issuer,
				audience,
				// Only the algorithm the key is for: no token of one kind passes for the other.
				algorithms: [keys.algorithm],
				currentDate: clock()
			});
			return shape.parse(payload);
		} catch (error) {
			if (error instanceof errors.JWTExpired) {
				throw new InvalidTokenError('Token has expired', true, { cause: error });
			}
			throw new InvalidTokenError('Token is invalid', false, { cause: error });
		}
	}

	return {
		/**
		 * A session token naming `sessionId` as its `jti`; it signs someone in only while that
		 * session's row is active. Without an id it names a fresh one that no row holds.
		 */
		signSession: (user: SessionUser, sessionId: string = randomUUID()) =>
			sign(
				{ sub: user.id, jti: sessionId, email: user.email, name: user.name },
				sessionAudience,
				sessionTtlSeconds,
				sessionKeys
			),

		/** Checks signature, audience and expiry only; whether the session is active is the database's. */
		async verifySession(token: string): Promise<VerifiedSession> {
			const claims = await verify(token, sessionAudience, SessionClaims, sessionKeys);
			return {
				user: { id: claims.sub, email: claims.email, name: claims.name },
				sessionId: claims.jti
			};
		},

		signRoomToken: async (grant: RoomGrant) =>
			sign(
				{
					sub: grant.participantId,
					room: grant.roomId,
					role: grant.role,
					name: grant.name,
					color: grant.colorIndex,
					...(grant.observerLink && { link: grant.observerLink }),
					...(grant.clientBlock !== undefined && { yb: grant.clientBlock })
				},
				roomAudience,
				roomTokenTtlSeconds,
				await roomKeys
			),

		/**
		 * A chat certificate (chat-certificate.ts): the page holding the private half of
		 * `chatKey` (raw Ed25519, base64url) writes chat lines as the grant's participant. It
		 * has no expiry, since peers check lines long after they were written, and grants
		 * nothing else: its audience is no room token's.
		 */
		signChatCertificate: async (grant: RoomGrant, chatKey: string) =>
			new SignJWT({
				room: grant.roomId,
				role: grant.role,
				name: grant.name,
				ck: chatKey
			})
				.setProtectedHeader({ alg: roomTokenAlgorithm })
				.setSubject(grant.participantId)
				.setIssuer(issuer)
				.setAudience(chatCertificateAudience)
				.setIssuedAt(nowSeconds())
				.sign((await roomKeys).signWith),

		/** The public key room tokens are checked with, for peers. */
		roomPublicKey: async () => (await roomKey).publicJwk,

		async verifyRoomToken(token: string): Promise<VerifiedRoomGrant> {
			const claims = await verify(token, roomAudience, RoomTokenClaims, await roomKeys);
			return {
				participantId: claims.sub,
				roomId: claims.room,
				role: claims.role,
				name: claims.name,
				colorIndex: claims.color,
				...(claims.link && { observerLink: claims.link }),
				...(claims.yb !== undefined && { clientBlock: claims.yb }),
				issuedAt: new Date(claims.iat * 1000)
			};
		}
	};
}

export type TokenService = ReturnType<typeof createTokenService>;
