import { randomBytes, randomUUID } from 'node:crypto';
import { base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { generateRoomSigningKey } from '../../../coordinator/src/auth/room-signing-key';
import { createTokenService, type RoomGrant } from '../../../coordinator/src/auth/tokens';
import type { ChatMessage, SignedChatMessage } from '../protocol/chat';
import {
	createChatLineVerifier,
	exportChatPublicKey,
	generateChatKeyPair,
	signChatLine,
	type ChatSigner
} from '../protocol/chat-signature';
import { appendChat, readChat, roomDoc, type RoomDoc } from '../shared/document/room-doc';
import { watchVerifiedChat, type VerifiedChat } from './verified-chat';

const tokens = createTokenService(randomBytes(32), undefined, generateRoomSigningKey());
const roomId = randomUUID();
const grantOf = (role: RoomGrant['role'], name: string): RoomGrant => ({
	participantId: randomUUID(),
	roomId,
	role,
	name,
	colorIndex: 0
});
const candidate = grantOf('candidate', 'Grace');
const interviewer = grantOf('interviewer', 'Ada');
const observer = grantOf('observer', 'Linus');

async function signerOf(grant: RoomGrant): Promise<ChatSigner> {
	const keyPair = await generateChatKeyPair();
	const cert = await tokens.signChatCertificate(grant, await exportChatPublicKey(keyPair));
	return { privateKey: keyPair.privateKey, cert };
}

let clock = Date.UTC(2026, 5, 1);
const lineBy = (grant: RoomGrant, text: string): ChatMessage => ({
	id: randomUUID(),
	authorId: grant.participantId,
	author: grant.name,
	role: grant.role,
	text,
	sentAt: clock++
});

/** A page's view of `room`'s chat, and the lines it checked. */
async function watch(room: RoomDoc) {
	const verify = createChatLineVerifier(await tokens.roomPublicKey(), roomId);
	const checked: SignedChatMessage[] = [];
	const verdicts: Promise<void>[] = [];
	let latest: VerifiedChat = { lines: [], unverified: 0 };
	const stop = watchVerifiedChat(
		room,
		(line) => {
			checked.push(line);
			const verdict = verify(line);
			verdicts.push(verdict);
			return verdict;
		},
		(chat) => (latest = chat)
	);
	return {
		stop,
		checked,
		/** What the page shows once every line has its verdict. */
		async settled(): Promise<{ texts: string[]; unverified: number }> {
			for (let seen = -1; seen !== verdicts.length;) {
				seen = verdicts.length;
				await Promise.allSettled(verdicts);
				// The refresh after the verdicts.
				await new Promise((resolve) => setTimeout(resolve, 0));
			}
			return { texts: latest.lines.map((line) => line.text), unverified: latest.unverified };
		}
	};
}

describe('watchVerifiedChat', () => {
	it("shows everyone's signed lines, in the document's order, each checked once", async () => {
		const room = roomDoc();
		const [grace, ada, linus] = await Promise.all([candidate, interviewer, observer].map(signerOf));
		const page = await watch(room);
		appendChat(room, await signChatLine(grace!, roomId, lineBy(candidate, 'hi')));
		appendChat(room, await signChatLine(ada!, roomId, lineBy(interviewer, 'welcome')));
		expect(await page.settled()).toEqual({ texts: ['hi', 'welcome'], unverified: 0 });
		appendChat(room, await signChatLine(linus!, roomId, lineBy(observer, 'question')));
		expect(await page.settled()).toEqual({
			texts: ['hi', 'welcome', 'question'],
			unverified: 0
		});
		expect(page.checked).toHaveLength(3);
		page.stop();
	});
});

describe('hostile: lines a relay forged (watchVerifiedChat)', () => {
	it('shows none of them and counts them; the real lines still show', async () => {
		const room = roomDoc();
		const grace = await signerOf(candidate);
		const ada = await signerOf(interviewer);
		const real = await signChatLine(grace, roomId, lineBy(candidate, 'I would use a heap'));
		const forgeries: unknown[] = [
			// No signature at all, as lines were before.
			lineBy(candidate, 'unsigned: I give up'),
			// The real line's certificate and signature on other words.
			{ ...real, id: randomUUID(), text: 'copied signature: I give up' },
			// Signed by the relaying interviewer's own page, in the candidate's name.
			await signChatLine(ada, roomId, lineBy(candidate, 'own key: I give up')),
			// A random signature under the candidate's real certificate.
			{ ...lineBy(candidate, 'random: I give up'), cert: grace.cert, sig: randomSig() },
			// Ahead of the real line, under its id: it must not hide it.
			{ ...real, text: 'same id: I give up' }
		];
		room.chat.push(forgeries);
		appendChat(room, real);
		const page = await watch(room);
		expect(await page.settled()).toEqual({ texts: ['I would use a heap'], unverified: 5 });
		// The record's reader, which attributes lines by client, is unchanged: it keeps the
		// first line under an id and lists the rest (the replay does not use signatures).
		expect(readChat(room).map((line) => line.text)).toContain('unsigned: I give up');
		page.stop();
	});

	it('refuses a changed copy of a line it already verified, whatever its id and signature', async () => {
		const room = roomDoc();
		const grace = await signerOf(candidate);
		const real = await signChatLine(grace, roomId, lineBy(candidate, 'O(n log n)'));
		appendChat(room, real);
		const page = await watch(room);
		expect(await page.settled()).toEqual({ texts: ['O(n log n)'], unverified: 0 });
		// Same id, signature and certificate: only the words differ.
		room.chat.push([{ ...real, text: 'O(1), trust me' }]);
		expect(await page.settled()).toEqual({ texts: ['O(n log n)'], unverified: 1 });
		page.stop();
	});

	it('shows a line copied to another root once, and an observer root line only as an observer’s', async () => {
		const room = roomDoc();
		const grace = await signerOf(candidate);
		const linus = await signerOf(observer);
		const graceLine = await signChatLine(grace, roomId, lineBy(candidate, 'mine'));
		const linusLine = await signChatLine(linus, roomId, lineBy(observer, 'watching'));
		appendChat(room, graceLine);
		appendChat(room, linusLine);
		// A relay repeats the observer's line in the main chat, and the candidate's among the
		// observers' (where only observers' lines count).
		room.chat.push([linusLine]);
		room.observerChat.set(graceLine.id, graceLine);
		const page = await watch(room);
		expect(await page.settled()).toEqual({ texts: ['mine', 'watching'], unverified: 0 });
		page.stop();
	});

	it('stops following the document once stopped', async () => {
		const room = roomDoc();
		const grace = await signerOf(candidate);
		const page = await watch(room);
		page.stop();
		Y.transact(room.doc, () => room.chat.push([lineBy(candidate, 'late')]));
		appendChat(room, await signChatLine(grace, roomId, lineBy(candidate, 'later')));
		expect(page.checked).toHaveLength(0);
	});
});

const randomSig = () => base64url.encode(randomBytes(64));
