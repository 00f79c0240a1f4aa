import { randomUUID } from 'node:crypto';
import { base64url } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
	createChatLineVerifier,
	exportChatPublicKey,
	generateChatKeyPair,
	signChatLine
} from '../../../src/lib/protocol/chat-signature';
import { createPassVerifier } from '../../../src/lib/shared/rules/peer-pass';
import type { SessionUser } from '../auth/tokens';
import { callerFor, trpcErrorOf } from '../test-support/caller';
import { nonce } from '../test-support/database';
import { signUpInterviewer, useTestServices } from '../test-support/services';

const setup = useTestServices();
let owner: SessionUser;

beforeAll(async () => {
	owner = await signUpInterviewer(setup.services);
});

const asOwner = () => callerFor(setup.services, owner).caller;
const anonymous = () => callerFor(setup.services).caller;

async function createRoom() {
	return asOwner().rooms.create({ title: `Chat ${nonce()}`, language: 'python' });
}

/** A page's new key pair, and its public key as `rooms.join` takes it. */
async function pageKey() {
	const keyPair = await generateChatKeyPair();
	return { keyPair, chatKey: await exportChatPublicKey(keyPair) };
}

interface Joined {
	chatCert: string | null;
	participantId: string;
	name: string;
	role: 'interviewer' | 'candidate' | 'observer';
	room: { id: string };
}

/** Whether a line signed with `keyPair` under the join's certificate checks out for peers. */
async function signsFor(joined: Joined, keyPair: CryptoKeyPair) {
	const verify = createChatLineVerifier(
		await setup.services.tokens.roomPublicKey(),
		joined.room.id
	);
	const line = await signChatLine(
		{ privateKey: keyPair.privateKey, cert: joined.chatCert! },
		joined.room.id,
		{
			id: randomUUID(),
			authorId: joined.participantId,
			author: joined.name,
			role: joined.role,
			text: 'hello',
			sentAt: Date.now()
		}
	);
	return verify(line).then(
		() => true,
		() => false
	);
}

describe('rooms.join certifies the page’s chat key', () => {
	it('for the interviewer, a candidate and an observer, each in their own name', async () => {
		const { id, inviteToken } = await createRoom();
		const { linkId } = await asOwner().rooms.createObserverLink({ id });
		const entries = [
			(chatKey: string) => asOwner().rooms.join({ id, chatKey }),
			(chatKey: string) =>
				anonymous().rooms.join({ id, name: 'Grace', invite: inviteToken, chatKey }),
			(chatKey: string) =>
				anonymous().rooms.join({ id, name: 'Linus', observerLink: linkId, chatKey })
		];
		for (const enter of entries) {
			const { keyPair, chatKey } = await pageKey();
			const joined = await enter(chatKey);
			expect(await signsFor(joined, keyPair)).toBe(true);
			// Another page's key, under this certificate, signs for nobody.
			expect(await signsFor(joined, (await pageKey()).keyPair)).toBe(false);
		}
	});

	it('on a renewal, for the new key; after the end too, though the pass is kept', async () => {
		const { id, inviteToken } = await createRoom();
		const first = await pageKey();
		const joined = await anonymous().rooms.join({
			id,
			name: 'Grace',
			invite: inviteToken,
			chatKey: first.chatKey
		});
		const second = await pageKey();
		const renewed = await anonymous().rooms.join({
			id,
			resumeToken: joined.token,
			chatKey: second.chatKey
		});
		expect(renewed.participantId).toBe(joined.participantId);
		expect(await signsFor(renewed, second.keyPair)).toBe(true);
		expect(await signsFor(renewed, first.keyPair)).toBe(false);

		await asOwner().rooms.end({ id });
		const third = await pageKey();
		const afterEnd = await anonymous().rooms.join({
			id,
			resumeToken: joined.token,
			chatKey: third.chatKey
		});
		expect(afterEnd.token).toBe(joined.token);
		expect(await signsFor(afterEnd, third.keyPair)).toBe(true);
	});

	it('certifies nothing without a key', async () => {
		const { id } = await createRoom();
		expect((await asOwner().rooms.join({ id })).chatCert).toBeNull();
	});
});

describe('hostile: chat keys and certificates at rooms.join', () => {
	it('refuses a chat key that is not 32 bytes of base64url', async () => {
		const { id } = await createRoom();
		const key = (await pageKey()).chatKey;
		for (const chatKey of [
			base64url.encode(new Uint8Array(31)),
			base64url.encode(new Uint8Array(33)),
			`${key}=`,
			key.replace(/.$/, '_'), // the last character's spare bits set: not how 32 bytes encode
			`${key.slice(0, 42)}+`,
			'x'.repeat(100_000)
		]) {
			const error = await trpcErrorOf(asOwner().rooms.join({ id, chatKey }));
			expect(error.code, chatKey.slice(0, 50)).toBe('BAD_REQUEST');
		}
	});

	it('a certificate passes for no room token: no resume, no signaling or peer pass', async () => {
		const { id, inviteToken } = await createRoom();
		const joined = await anonymous().rooms.join({
			id,
			name: 'Grace',
			invite: inviteToken,
			chatKey: (await pageKey()).chatKey
		});
		await expect(setup.services.tokens.verifyRoomToken(joined.chatCert!)).rejects.toThrow(
			'Token is invalid'
		);
		const verifyPass = createPassVerifier(await setup.services.tokens.roomPublicKey(), id);
		await expect(verifyPass(joined.chatCert!)).rejects.toThrow(/unexpected "aud"/);
		// Presented as a resume token, it is ignored: a newcomer must give a name.
		const resumed = await trpcErrorOf(
			anonymous().rooms.join({ id, invite: inviteToken, resumeToken: joined.chatCert! })
		);
		expect(resumed.message).toBe('Enter your name to join');
	});
});
