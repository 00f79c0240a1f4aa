import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateRoomSigningKey } from '../../../../coordinator/src/auth/room-signing-key';
import { createTokenService, type RoomGrant } from '../../../../coordinator/src/auth/tokens';
import { createPassVerifier, decodePeerPass, encodePeerPass, PeerPassError } from './peer-pass';

const roomKey = generateRoomSigningKey();
const tokens = createTokenService(randomBytes(32), undefined, roomKey);
const grant: RoomGrant = {
	participantId: randomUUID(),
	roomId: randomUUID(),
	role: 'observer',
	name: 'Grace',
	colorIndex: 2,
	observerLink: randomUUID(),
	clientBlock: 42
};
const verifierFor = async (roomId = grant.roomId) =>
	createPassVerifier(await tokens.roomPublicKey(), roomId);

async function refusal(verification: Promise<unknown>): Promise<string> {
	const error = await verification.then(
		() => null,
		(reason: unknown) => reason
	);
	expect(error).toBeInstanceOf(PeerPassError);
	return (error as Error).message;
}

describe('peer passes', () => {
	it('round-trips a token and tells other messages apart', () => {
		expect(decodePeerPass(encodePeerPass('a.b.c'))).toBe('a.b.c');
		expect(decodePeerPass(new Uint8Array([0, 0, 1]))).toBeNull();
		expect(decodePeerPass(new Uint8Array([80, 200]))).toBeNull();
	});

	it('says who holds a coordinator-signed token, checked with the public key alone', async () => {
		const verify = await verifierFor();
		expect(await verify(await tokens.signRoomToken(grant))).toEqual({
			participantId: grant.participantId,
			role: 'observer',
			name: 'Grace',
			colorIndex: grant.colorIndex,
			observerLink: grant.observerLink,
			clientBlock: grant.clientBlock
		});
	});

	it('refuses a token for another room', async () => {
		const verify = await verifierFor(randomUUID());
		expect(await refusal(verify(await tokens.signRoomToken(grant)))).toMatch(/another room/);
	});

	it('refuses a token whose role was edited, or signed by another key', async () => {
		const verify = await verifierFor();
		const [header, payload, signature] = (await tokens.signRoomToken(grant)).split('.');
		const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
		const promoted = Buffer.from(JSON.stringify({ ...claims, role: 'interviewer' })).toString(
			'base64url'
		);
		await refusal(verify(`${header}.${promoted}.${signature}`));

		const impostor = createTokenService(randomBytes(32), undefined, generateRoomSigningKey());
		await refusal(verify(await impostor.signRoomToken({ ...grant, role: 'interviewer' })));
	});

	it('refuses an expired token', async () => {
		const verify = await verifierFor();
		const longAgo = createTokenService(
			randomBytes(32),
			() => new Date(Date.now() - 13 * 3600_000),
			roomKey
		);
		expect(await refusal(verify(await longAgo.signRoomToken(grant)))).toMatch(/exp/);
	});
});
