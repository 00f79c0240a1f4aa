/**
 * A hand-built malicious interviewer (bundled for a test page by client-page.ts, in a
 * context holding an interviewer's session): admitted as the interviewer with a real token,
 * it may pass anyone's edits on to peers, as the interviewer's page does for late joiners.
 * It abuses that to relay chat lines "from the candidate" that the candidate never wrote,
 * under the candidate's own Yjs client id and name — unsigned, with the candidate's real
 * certificate and a made-up or copied signature, or signed with its own key. Pages must show
 * none of them, and go on showing the candidate's real lines.
 */
import * as Y from 'yjs';
import type { WebrtcProvider } from 'y-webrtc';
import { SignedChatMessage } from '../../../src/lib/protocol/chat';
import { signChatLine } from '../../../src/lib/protocol/chat-signature';
import { appendChat, roomDoc } from '../../../src/lib/shared/document/room-doc';
import { connect, join, ownLine, type RawAdmission } from './raw-join';

const room = roomDoc();
let admission: RawAdmission;
let provider: WebrtcProvider;

const randomSig = () =>
	btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(64))))
		.replace(/\+/g, '-')
		.replace(/\//g, '_')
		.replace(/=+$/, '');

/** Writes `lines` into the chat as the Yjs client `clientId` would, and relays them. */
function writeAs(clientId: number, lines: unknown[]) {
	const impostor = new Y.Doc();
	impostor.clientID = clientId;
	Y.applyUpdate(impostor, Y.encodeStateAsUpdate(room.doc));
	const before = Y.encodeStateVector(impostor);
	impostor.getArray('chat').push(lines);
	Y.applyUpdate(room.doc, Y.encodeStateAsUpdate(impostor, before), 'rogue');
}

const relay = {
	async start(roomId: string) {
		admission = await join(roomId, {});
		provider = connect(room, admission);
	},
	role: () => admission.role,
	connectedPeers: () => provider.room?.webrtcConns.size ?? 0,
	/** The texts of the signed lines it holds from `authorId`. */
	linesOf: (authorId: string) =>
		room.chat.toArray().flatMap((value) => {
			const line = SignedChatMessage.safeParse(value);
			return line.success && line.data.authorId === authorId ? [line.data.text] : [];
		}),
	/**
	 * Relays four lines in the candidate's name under the candidate's Yjs client id, then one
	 * honestly signed in its own name under its own: a page that shows that last one has
	 * received the forgeries before it.
	 */
	async forge(tag: string, candidateId: string) {
		// The candidate's real line, and the Yjs client its page wrote it with.
		let real: SignedChatMessage | undefined;
		let candidateClient = 0;
		for (let item = room.chat._start; item && !real; item = item.right) {
			for (const value of item.content.getContent()) {
				const line = SignedChatMessage.safeParse(value);
				if (line.success && line.data.authorId === candidateId) {
					real = line.data;
					candidateClient = item.id.client;
				}
			}
		}
		if (!real) throw new Error('no line from the candidate yet');
		const inTheirName = (id: string, text: string) => ({
			id: `${id}-${tag}`,
			authorId: candidateId,
			author: real.author,
			role: real.role,
			text: `${text} ${tag}`,
			sentAt: Date.now()
		});
		writeAs(candidateClient, [
			inTheirName('unsigned', 'forged: unsigned, I give up'),
			{ ...inTheirName('random-sig', 'forged: I give up'), cert: real.cert, sig: randomSig() },
			{ ...real, id: `copied-sig-${tag}`, text: `forged: copied signature, I give up ${tag}` },
			await signChatLine(
				admission.chatSigner,
				admission.room.id,
				inTheirName('own-key', 'forged: own key, I give up')
			)
		]);
		appendChat(room, await ownLine(admission, { id: `relay-${tag}`, text: `relayed ${tag}` }));
	}
};

Object.assign(window, { relay });
