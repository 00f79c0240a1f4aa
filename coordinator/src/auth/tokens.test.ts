import { randomBytes, randomUUID } from 'node:crypto';
import { importJWK, jwtVerify, SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { generateRoomSigningKey } from './room-signing-key';
import {
	createTokenService,
	InvalidTokenError,
	roomTokenTtlSeconds,
	sessionTtlSeconds,
	type RoomGrant,
	type SessionUser
} from './tokens';

const secret = randomBytes(32);
const roomKey = generateRoomSigningKey();
const tokens = createTokenService(secret, undefined, roomKey);
/** The same keys as `tokens`, on another clock. */
const tokensAt = (clock: () => Date) => createTokenService(secret, clock, roomKey);

const user: SessionUser = { id: randomUUID(), email: 'ada@example.com', name: 'Ada Lovelace' };
const grant: RoomGrant = {
	participantId: randomUUID(),
	roomId: randomUUID(),
	role: 'candidate',
	name: 'Alan Turing',
	colorIndex: 3
};

/** The error a verification rejects with; fails the test if it resolves or throws anything else. */
async function invalidTokenErrorOf(verification: Promise<unknown>): Promise<InvalidTokenError> {
	const error = await verification.then(
		() => null,
		(reason: unknown) => reason
	);
	expect(error).toBeInstanceOf(InvalidTokenError);
	return error as InvalidTokenError;
}

const secondsAgo = (seconds: number) => () => new Date(Date.now() - seconds * 1000);

describe('createTokenService', () => {
	it('round-trips a session token, with the session it names', async () => {
		const sessionId = randomUUID();
		await expect(tokens.verifySession(await tokens.signSession(user, sessionId))).resolves.toEqual({
			user,
			sessionId
		});
	});

	it('refuses a session token that names no session', async () => {
		const token = await new SignJWT({ email: user.email, name: user.name })
			.setProtectedHeader({ alg: 'HS256' })
			.setSubject(user.id)
			.setIssuer('pairdesk')
			.setAudience('pairdesk:session')
			.setIssuedAt()
			.setExpirationTime('1h')
			.sign(secret);
		await invalidTokenErrorOf(tokens.verifySession(token));
	});

	it('round-trips a room token', async () => {
		await expect(tokens.verifyRoomToken(await tokens.signRoomToken(grant))).resolves.toEqual({
			...grant,
			issuedAt: expect.any(Date)
		});
	});

	it('does not accept a session token as a room token, nor the reverse', async () => {
		const sessionToken = await tokens.signSession(user);
		const roomToken = await tokens.signRoomToken(grant);

		expect((await invalidTokenErrorOf(tokens.verifyRoomToken(sessionToken))).expired).toBe(false);
		expect((await invalidTokenErrorOf(tokens.verifySession(roomToken))).expired).toBe(false);
	});

	it('checks the audience even when the claims would fit', async () => {
		// Every claim both token kinds need, so only the audience tells them apart.
		const claims = {
			sub: grant.participantId,
			jti: randomUUID(),
			email: 'x@example.com',
			...grant,
			room: grant.roomId,
			color: grant.colorIndex
		};
		const signWithAudience = async (audience: string, alg: 'HS256' | 'EdDSA') =>
			new SignJWT(claims)
				.setProtectedHeader({ alg })
				.setIssuer('pairdesk')
				.setAudience(audience)
				.setIssuedAt()
				.setExpirationTime('1h')
				.sign(alg === 'HS256' ? secret : (await roomKey).privateKey);

		await expect(
			tokens.verifyRoomToken(await signWithAudience('pairdesk:room', 'EdDSA'))
		).resolves.toEqual({ ...grant, issuedAt: expect.any(Date) });
		await invalidTokenErrorOf(
			tokens.verifyRoomToken(await signWithAudience('pairdesk:session', 'EdDSA'))
		);
		await invalidTokenErrorOf(
			tokens.verifySession(await signWithAudience('pairdesk:room', 'HS256'))
		);
	});

	it('signs room tokens with EdDSA, checkable by anyone with the public key alone', async () => {
		const token = await tokens.signRoomToken(grant);
		const { payload, protectedHeader } = await jwtVerify(
			token,
			await importJWK(await tokens.roomPublicKey(), 'EdDSA')
		);
		expect(protectedHeader.alg).toBe('EdDSA');
		expect(payload).toMatchObject({
			sub: grant.participantId,
			room: grant.roomId,
			role: 'candidate'
		});
		expect(await tokens.roomPublicKey()).not.toHaveProperty('d');
	});

	it('refuses a room token signed with the session secret (no algorithm confusion)', async () => {
		const hmacRoomToken = await new SignJWT({
			sub: grant.participantId,
			room: grant.roomId,
			role: grant.role,
			name: grant.name,
			color: 0
		})
			.setProtectedHeader({ alg: 'HS256' })
			.setIssuer('pairdesk')
			.setAudience('pairdesk:room')
			.setIssuedAt()
			.setExpirationTime('1h')
			.sign(secret);
		await invalidTokenErrorOf(tokens.verifyRoomToken(hmacRoomToken));
	});

	it('rejects a token signed with another secret as invalid, not expired', async () => {
		const other = createTokenService(randomBytes(32));

		const session = await invalidTokenErrorOf(tokens.verifySession(await other.signSession(user)));
		const room = await invalidTokenErrorOf(
			tokens.verifyRoomToken(await other.signRoomToken(grant))
		);

		expect(session.expired).toBe(false);
		expect(room.expired).toBe(false);
	});

	it('rejects an unsigned (alg: none) token', async () => {
		const unsigned = new UnsecuredJWT({ email: user.email, name: user.name })
			.setSubject(user.id)
			.setIssuer('pairdesk')
			.setAudience('pairdesk:session')
			.setIssuedAt()
			.setExpirationTime('1h')
			.encode();

		expect((await invalidTokenErrorOf(tokens.verifySession(unsigned))).expired).toBe(false);
	});

	it('rejects a session token past its lifetime as expired', async () => {
		const past = tokensAt(secondsAgo(sessionTtlSeconds + 60));

		const error = await invalidTokenErrorOf(tokens.verifySession(await past.signSession(user)));

		expect(error.expired).toBe(true);
		expect(error.message).toBe('Token has expired');
	});

	it('rejects a room token past its lifetime as expired', async () => {
		const past = tokensAt(secondsAgo(roomTokenTtlSeconds + 60));

		const error = await invalidTokenErrorOf(
			tokens.verifyRoomToken(await past.signRoomToken(grant))
		);

		expect(error.expired).toBe(true);
	});

	it('still accepts a token shortly before its lifetime ends', async () => {
		const past = tokensAt(secondsAgo(roomTokenTtlSeconds - 60));
		await expect(tokens.verifyRoomToken(await past.signRoomToken(grant))).resolves.toEqual({
			...grant,
			issuedAt: expect.any(Date)
		});
	});

	it.each(['', 'garbage', 'a.b.c', 'eyJhbGciOiJIUzI1NiJ9.e30.'])(
		'rejects the malformed token %j as invalid',
		async (token) => {
			expect((await invalidTokenErrorOf(tokens.verifySession(token))).expired).toBe(false);
			expect((await invalidTokenErrorOf(tokens.verifyRoomToken(token))).expired).toBe(false);
		}
	);
});
