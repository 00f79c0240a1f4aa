/**
 * What hand-built clients share: being admitted to a room the way any visitor is, by a
 * hand-made `rooms.join` request (with a chat key of their own, as a page sends), signing
 * chat lines in their own name, and connecting to its document with the app's transport.
 */
import { WebrtcProvider } from 'y-webrtc';
import type { ChatMessage, SignedChatMessage } from '../../../src/lib/protocol/chat';
import {
	exportChatPublicKey,
	generateChatKeyPair,
	signChatLine,
	type ChatSigner
} from '../../../src/lib/protocol/chat-signature';
import { signalingPath, trpcPath } from '../../../src/lib/protocol/paths';
import type { RoomRole } from '../../../src/lib/protocol/rooms';
import { clientIdOf } from '../../../src/lib/protocol/yjs-clients';
import { participantColor } from '../../../src/lib/sync/colors';
import { guardPeers } from '../../../src/lib/sync/peer-gate/peer-gate';
import type { RoomDoc } from '../../../src/lib/shared/document/room-doc';

export interface RawAdmission {
	token: string;
	participantId: string;
	role: RoomRole;
	name: string;
	secret: string;
	topic: string;
	peerId: string;
	colorIndex: number;
	clientBlock: number;
	room: { id: string };
	/** Signs chat lines with the key this client sent, under the certificate it got for it. */
	chatSigner: ChatSigner;
}

/**
 * How a client enters: by an observer link, by the candidate's invite, or by nothing but an
 * interviewer's session cookie (its page's context signed in).
 */
export type Entry = { observerLink: string } | { invite: string } | Record<string, never>;

export async function join(roomId: string, entry: Entry, name?: string): Promise<RawAdmission> {
	const keyPair = await generateChatKeyPair();
	const response = await fetch(`${trpcPath}/rooms.join`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			id: roomId,
			name,
			chatKey: await exportChatPublicKey(keyPair),
			...entry
		})
	});
	const admitted = (
		(await response.json()) as { result: { data: RawAdmission & { chatCert: string } } }
	).result.data;
	return { ...admitted, chatSigner: { privateKey: keyPair.privateKey, cert: admitted.chatCert } };
}

/** A chat line in the client's own name, signed as an honest page signs it. */
export function ownLine(
	admission: RawAdmission,
	line: Pick<ChatMessage, 'id' | 'text'> & { sentAt?: number }
): Promise<SignedChatMessage> {
	return signChatLine(admission.chatSigner, admission.room.id, {
		authorId: admission.participantId,
		author: admission.name,
		role: admission.role,
		sentAt: Date.now(),
		...line
	});
}

/**
 * Connects `room` to the room's peers over WebRTC, presenting `admission`'s own token and
 * believing every peer's, and shows this client in presence under its true name and role.
 */
export function connect(room: RoomDoc, admission: RawAdmission) {
	// Its own Yjs client ids, as an honest page's: peers take nobody's edits but their author's.
	room.doc.clientID = clientIdOf(admission.clientBlock, 0);
	const provider = new WebrtcProvider(admission.topic, room.doc, {
		signaling: [`ws://${location.host}${signalingPath}?token=${admission.token}`],
		password: admission.secret,
		peerOpts: { config: { iceServers: [] } }
	});
	guardPeers({
		provider,
		token: admission.token,
		verify: async () => ({ participantId: 'anyone', role: 'interviewer', name: 'anyone' }),
		rules: () => ({
			editorLocked: false,
			observersMayChat: true,
			ended: false,
			revokedObserverLinks: new Set()
		})
	});
	presentTruly(provider, admission);
	return provider;
}

/** Shows this client in presence as its pass says it is: its name, role and colour. */
export function presentTruly(provider: WebrtcProvider, admission: RawAdmission) {
	provider.awareness.setLocalStateField('user', {
		participantId: admission.participantId,
		name: admission.name,
		role: admission.role,
		...participantColor(admission.colorIndex)
	});
}
