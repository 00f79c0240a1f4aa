import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import { generateRoomSigningKey } from '../../../coordinator/src/auth/room-signing-key';
import { createTokenService, type RoomGrant } from '../../../coordinator/src/auth/tokens';
import { SignedChatMessage, type ChatMessage } from './chat';
import { chatCertificateAudience } from './chat-certificate';
import {
	ChatSignatureError,
	createChatLineVerifier,
	exportChatPublicKey,
	generateChatKeyPair,
	signChatLine,
	type ChatSigner
} from './chat-signature';

const roomKey = generateRoomSigningKey();
const tokens = createTokenService(randomBytes(32), undefined, roomKey);
const roomId = randomUUID();
const candidate: RoomGrant = {
	participantId: randomUUID(),
	roomId,
	role: 'candidate',
	name: 'Grace',
	colorIndex: 1,
	clientBlock: 7
};
const interviewer: RoomGrant = {
	...candidate,
	participantId: randomUUID(),
	role: 'interviewer',
	name: 'Ada',
	colorIndex: 0,
	clientBlock: 3
};

/** A page's key pair and the certificate the coordinator issued for it to `grant`. */
async function pageOf(grant: RoomGrant): Promise<ChatSigner & { keyPair: CryptoKeyPair }> {
	const keyPair = await generateChatKeyPair();
	const cert = await tokens.signChatCertificate(grant, await exportChatPublicKey(keyPair));
	return { keyPair, privateKey: keyPair.privateKey, cert };
}

const lineBy = (grant: RoomGrant, text = 'hello'): ChatMessage => ({
	id: randomUUID(),
	authorId: grant.participantId,
	author: grant.name,
	role: grant.role,
	text,
	sentAt: Date.UTC(2026, 5, 1)
});

const verifierOf = async (forRoom = roomId) =>
	createChatLineVerifier(await tokens.roomPublicKey(), forRoom);

/** Why the verifier refuses `line`; fails the test if it accepts it or fails otherwise. */
async function refusal(verification: Promise<unknown>): Promise<string> {
	const error = await verification.then(
		() => null,
		(reason: unknown) => reason
	);
	expect(error).toBeInstanceOf(ChatSignatureError);
	return (error as Error).message;
}

describe('signed chat lines', () => {
	it('verifies a line its author signed, in the shape the document holds', async () => {
		const page = await pageOf(candidate);
		const signed = await signChatLine(page, roomId, lineBy(candidate));
		expect(SignedChatMessage.parse(signed)).toEqual(signed);
		await expect((await verifierOf())(signed)).resolves.toBeUndefined();
	});

	it('issues a certificate that never expires and grants nothing but chat', async () => {
		const page = await pageOf(candidate);
		const claims = JSON.parse(new TextDecoder().decode(base64url.decode(page.cert.split('.')[1]!)));
		expect(claims).toMatchObject({
			sub: candidate.participantId,
			room: roomId,
			role: 'candidate',
			name: 'Grace',
			aud: chatCertificateAudience
		});
		expect(claims.exp).toBeUndefined();
		await expect(tokens.verifyRoomToken(page.cert)).rejects.toThrow('Token is invalid');
	});
});

describe('hostile: forged chat lines (createChatLineVerifier)', () => {
	it('refuses a line whose signature is not its key’s', async () => {
		const page = await pageOf(candidate);
		const signed = await signChatLine(page, roomId, lineBy(candidate));
		const forged = { ...signed, sig: base64url.encode(randomBytes(64)) };
		expect(await refusal((await verifierOf())(forged))).toMatch(/signature does not match/);
	});

	it('refuses a line whose text was changed after it was signed', async () => {
		const page = await pageOf(candidate);
		const signed = await signChatLine(page, roomId, lineBy(candidate, 'I am not sure'));
		const verify = await verifierOf();
		await verify(signed);
		for (const change of [
			{ text: 'I give up' },
			{ sentAt: signed.sentAt + 1 },
			{ id: randomUUID() }
		]) {
			expect(await refusal(verify({ ...signed, ...change }))).toMatch(/signature does not match/);
		}
	});

	it('refuses an event line made of a typed one, or a typed one made of an event', async () => {
		const page = await pageOf(candidate);
		const verify = await verifierOf();
		const typed = await signChatLine(page, roomId, lineBy(candidate, 'switched to Go'));
		const announced = await signChatLine(page, roomId, {
			...lineBy(candidate, 'switched to Go'),
			event: 'language-switch'
		});
		await verify(typed);
		await verify(announced);
		const { event: _event, ...unannounced } = announced;
		for (const forged of [{ ...typed, event: 'language-switch' as const }, unannounced]) {
			expect(await refusal(verify(forged))).toMatch(/signature does not match/);
		}
	});

	it("refuses a line in someone's name with a certificate for another participant", async () => {
		// The interviewer's own page signs, with its own certificate, a line naming the candidate.
		const page = await pageOf(interviewer);
		const verify = await verifierOf();
		const asCandidate = await signChatLine(page, roomId, lineBy(candidate));
		expect(await refusal(verify(asCandidate))).toMatch(/certificate is for Ada \(interviewer\)/);
		// Or keeps the candidate's id and claims only the name, or only the role.
		for (const claim of [{ author: 'Grace' }, { role: 'candidate' as const }]) {
			const line = await signChatLine(page, roomId, { ...lineBy(interviewer), ...claim });
			expect(await refusal(verify(line))).toMatch(/not the line's author/);
		}
	});

	it('refuses a line signed for another room, or carrying another room’s certificate', async () => {
		const otherRoom = randomUUID();
		const elsewhere = await pageOf({ ...candidate, roomId: otherRoom });
		const verify = await verifierOf();
		const certForOtherRoom = await signChatLine(elsewhere, roomId, lineBy(candidate));
		expect(await refusal(verify(certForOtherRoom))).toMatch(/another room/);
		// A line signed in the other room, with the right certificate there, fails here too.
		const page = await pageOf(candidate);
		const signedThere = await signChatLine(page, otherRoom, lineBy(candidate));
		expect(await refusal(verify(signedThere))).toMatch(/signature does not match/);
	});

	it('refuses a room token passed off as a certificate, even one carrying a key', async () => {
		const page = await pageOf(candidate);
		const signed = await signChatLine(page, roomId, lineBy(candidate));
		const verify = await verifierOf();
		const roomToken = await tokens.signRoomToken(candidate);
		expect(await refusal(verify({ ...signed, cert: roomToken }))).toMatch(/unexpected "aud"/);
		// Room-token claims with a key in them: still the wrong audience.
		const key = await roomKey;
		const withKey = await new SignJWT({
			room: roomId,
			role: 'candidate',
			name: 'Grace',
			color: 1,
			ck: await exportChatPublicKey(page.keyPair)
		})
			.setProtectedHeader({ alg: 'EdDSA' })
			.setSubject(candidate.participantId)
			.setIssuer('pairdesk')
			.setAudience('pairdesk:room')
			.setIssuedAt()
			.sign(key.privateKey);
		expect(await refusal(verify({ ...signed, cert: withKey }))).toMatch(/unexpected "aud"/);
	});

	it('refuses a certificate whose key was swapped, or that someone else signed', async () => {
		const page = await pageOf(candidate);
		const signed = await signChatLine(page, roomId, lineBy(candidate));
		const verify = await verifierOf();
		// The certified key replaced by the forger's own: the coordinator's signature breaks.
		const forger = await generateChatKeyPair();
		const [header, payload, signature] = page.cert.split('.');
		const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload!)));
		const swappedPayload = base64url.encode(
			JSON.stringify({ ...claims, ck: await exportChatPublicKey(forger) })
		);
		const swapped = await signChatLine(
			{ privateKey: forger.privateKey, cert: `${header}.${swappedPayload}.${signature}` },
			roomId,
			lineBy(candidate)
		);
		expect(await refusal(verify(swapped))).toMatch(/signature verification failed/);
		// A certificate signed with another key than the room's.
		const stranger = await generateRoomSigningKey();
		const foreign = await new SignJWT({ ...claims, ck: await exportChatPublicKey(forger) })
			.setProtectedHeader({ alg: 'EdDSA' })
			.sign(stranger.privateKey);
		const foreignLine = await signChatLine(
			{ privateKey: forger.privateKey, cert: foreign },
			roomId,
			lineBy(candidate)
		);
		expect(await refusal(verify(foreignLine))).toMatch(/signature verification failed/);
		// The honest line still verifies: nothing above poisoned the verifier's cache.
		await expect(verify(signed)).resolves.toBeUndefined();
	});

	it('keeps a signature and a certificate within bounds in the schema', async () => {
		const signed = await signChatLine(await pageOf(candidate), roomId, lineBy(candidate));
		for (const bad of [
			{ cert: `${signed.cert}.x` },
			{ cert: `a.${'b'.repeat(2048)}.c` },
			{ sig: `${signed.sig}A` },
			{ sig: signed.sig.slice(1) },
			{ sig: signed.sig.replace(/^./, '+') }
		]) {
			expect(SignedChatMessage.safeParse({ ...signed, ...bad }).success).toBe(false);
		}
	});
});
