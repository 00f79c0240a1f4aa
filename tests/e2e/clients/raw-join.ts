/**
 * What hand-built clients share: being admitted to a room the way any visitor is, by a
 * hand-made `rooms.join` request, and connecting to its document with the app's transport.
 */
import { WebrtcProvider } from 'y-webrtc';
import { signalingPath, trpcPath } from '../../../src/lib/protocol/paths';
import type { RoomRole } from '../../../src/lib/protocol/rooms';
import { clientIdOf } from '../../../src/lib/protocol/yjs-clients';
import { participantColor } from '../../../src/lib/sync/colors';
import { guardPeers } from '../../../src/lib/sync/peer-gate/peer-gate';
import type { RoomDoc } from '../../../src/lib/sync/room-doc';

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
}

/** How a client enters: by an observer link or by the candidate's invite. */
export type Entry = { observerLink: string } | { invite: string };

export async function join(roomId: string, entry: Entry, name: string): Promise<RawAdmission> {
	const response = await fetch(`${trpcPath}/rooms.join`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ id: roomId, name, ...entry })
	});
	return ((await response.json()) as { result: { data: RawAdmission } }).result.data;
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
	provider.awareness.setLocalStateField('user', {
		participantId: admission.participantId,
		name: admission.name,
		role: admission.role,
		...participantColor(admission.colorIndex)
	});
	return provider;
}
