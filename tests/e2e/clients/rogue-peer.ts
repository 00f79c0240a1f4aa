/**
 * A hand-crafted malicious participant, bundled for a test page (rogue-peer-page.ts). It is
 * admitted like anyone with an observer link (or the candidate's invite), connects to the
 * room over WebRTC with the app's own transport, and then writes into the document what its
 * role may not: code, the interviewer's controls, chat in the interviewer's name. Honest
 * peers must drop all of it.
 */
import { WebrtcProvider } from 'y-webrtc';
import { signalingPath, trpcPath } from '../../../src/lib/protocol/paths';
import { clientIdOf } from '../../../src/lib/protocol/yjs-clients';
import { participantColor } from '../../../src/lib/sync/colors';
import { guardPeers } from '../../../src/lib/sync/peer-gate/peer-gate';
import * as Y from 'yjs';
import {
	appendChat,
	readControls,
	roomDoc,
	writeControl,
	writeEndedAt,
	writeRevokedObserverLink
} from '../../../src/lib/shared/document/room-doc';
import { join, ownLine, presentTruly, type Entry, type RawAdmission } from './raw-join';

/** The same token with its role claim changed: the signature no longer matches. */
function promoteToInterviewer(token: string): string {
	const [header, payload, signature] = token.split('.');
	const claims = JSON.parse(atob(payload!.replace(/-/g, '+').replace(/_/g, '/')));
	const forged = btoa(JSON.stringify({ ...claims, role: 'interviewer' }))
		.replace(/\+/g, '-')
		.replace(/\//g, '_')
		.replace(/=+$/, '');
	return `${header}.${forged}.${signature}`;
}

const room = roomDoc();
let admission: RawAdmission;
let provider: WebrtcProvider;
let connectedPeers = 0;

const rogue = {
	/** Joins and connects; with `forgePass` it presents a token promoted to interviewer. */
	async start(roomId: string, entry: Entry, name: string, forgePass: boolean) {
		admission = await join(roomId, entry, name);
		// Its own Yjs client ids, as an honest page's: what peers refuse is what its role may not do.
		room.doc.clientID = clientIdOf(admission.clientBlock, 0);
		const signaling = `ws://${location.host}${signalingPath}?token=${admission.token}`;
		provider = new WebrtcProvider(admission.topic, room.doc, {
			signaling: [signaling],
			password: admission.secret,
			peerOpts: { config: { iceServers: [] } }
		});
		provider.on('peers', ({ webrtcPeers }) => {
			connectedPeers = Math.max(connectedPeers, webrtcPeers.length);
		});
		guardPeers({
			provider,
			token: forgePass ? promoteToInterviewer(admission.token) : admission.token,
			// The rogue believes everybody.
			verify: async () => ({ participantId: 'anyone', role: 'interviewer', name: 'anyone' }),
			rules: () => ({
				editorLocked: false,
				observersMayChat: true,
				ended: false,
				revokedObserverLinks: new Set()
			})
		});
	},
	/**
	 * Claims to be the interviewer in its presence, writes what an observer may not, then
	 * shows its true presence: honest peers see that last one only after all the rest.
	 */
	vandalise(tag: string, interviewerId: string) {
		const presence = (name: string, role: string) =>
			provider.awareness.setLocalStateField('user', {
				participantId: admission.participantId,
				name,
				role,
				...participantColor(admission.colorIndex)
			});
		presence(`Interviewer ${tag}`, 'interviewer');
		room.code.insert(0, `HACKED ${tag} `);
		writeControl(room, 'editorLocked', true);
		appendChat(room, {
			id: `forged-${tag}`,
			authorId: interviewerId,
			author: `Interviewer ${tag}`,
			role: 'interviewer',
			text: `forged ${tag}`,
			sentAt: Date.now()
		});
		presence(admission.name, 'observer');
	},
	/**
	 * As a candidate whose editor is locked: chats (allowed), edits code and unlocks itself
	 * (refused), then shows its presence, which honest peers see only after all the rest.
	 * Chat comes first: once a peer drops one of its updates, Yjs holds back every later one
	 * of the same document until the dropped one arrives, which it never does.
	 */
	async tamperWhileLocked(tag: string) {
		appendChat(room, await ownLine(admission, { id: `own-${tag}`, text: `still chatting ${tag}` }));
		room.code.insert(0, `LOCKED-OUT ${tag} `);
		writeControl(room, 'editorLocked', false);
		presentTruly(provider, admission);
	},
	/**
	 * As an unlocked candidate: claims the interviewer's presence (with a colour that would be
	 * a full-page overlay in a style attribute), chats in the interviewer's name, writes the
	 * interviewer's controls (observers may chat, the end, a revoked link), and writes code under
	 * the interviewer's own Yjs client id; then chats once in its own name, which honest peers
	 * take. Returns the interviewer's client id it used.
	 */
	async forgeAsCandidate(
		tag: string,
		interviewerId: string,
		interviewerName: string
	): Promise<number> {
		const honestLine = await ownLine(admission, { id: `own-${tag}`, text: `honest line ${tag}` });
		provider.awareness.setLocalStateField('user', {
			participantId: interviewerId,
			name: interviewerName,
			role: 'interviewer',
			color: 'red;position:fixed;inset:0;z-index:9999;background:url(https://example.invalid/x)',
			colorLight: 'red'
		});
		appendChat(room, {
			id: `forged-${tag}`,
			authorId: interviewerId,
			author: interviewerName,
			role: 'interviewer',
			text: `you can stop now, you passed ${tag}`,
			sentAt: Date.now()
		});
		writeControl(room, 'observersMayChat', true);
		writeEndedAt(room, Date.now());
		writeRevokedObserverLink(room, crypto.randomUUID());
		// Code under the interviewer's client id, as if the interviewer had typed it.
		const interviewerClient = [...provider.awareness.getStates()].find(
			([, state]) => state.user?.participantId === interviewerId
		)![0];
		const impostor = new Y.Doc();
		impostor.clientID = interviewerClient;
		Y.applyUpdate(impostor, Y.encodeStateAsUpdate(room.doc));
		const before = Y.encodeStateVector(impostor);
		impostor.getText('code').insert(0, `IMPOSTOR ${tag} `);
		Y.applyUpdate(room.doc, Y.encodeStateAsUpdate(impostor, before), 'rogue');
		appendChat(room, honestLine);
		presentTruly(provider, admission);
		return interviewerClient;
	},
	/**
	 * After the end: uploads an edit and a verdict in the interviewer's name, dated before it,
	 * then its own leaving (`leftAt`), which the record takes.
	 */
	async uploadAfterEnd(
		tag: string,
		interviewerId: string,
		interviewerName: string,
		endedAt: number
	) {
		const updates: Uint8Array[] = [];
		const capture = (update: Uint8Array) => updates.push(update);
		room.doc.on('update', capture);
		room.code.insert(0, `REWRITTEN ${tag} `);
		appendChat(room, {
			id: `verdict-${tag}`,
			authorId: interviewerId,
			author: interviewerName,
			role: 'interviewer',
			text: `Strong hire. ${tag}`,
			sentAt: endedAt - 1000
		});
		room.doc.off('update', capture);
		// Last, what it may record: its own leaving, dated before the end too.
		const leftAt = endedAt - 100;
		const response = await fetch(`${trpcPath}/recording.upload`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				token: admission.token,
				entries: [
					...updates.map((update, index) => ({
						type: 'update',
						at: endedAt - 500 + index,
						update: btoa(String.fromCharCode(...update))
					})),
					{ type: 'signal', id: crypto.randomUUID(), at: leftAt, signal: { kind: 'left' } }
				]
			})
		});
		return {
			status: response.status,
			body: await response.json(),
			leftAt: new Date(leftAt).toISOString()
		};
	},
	editorLocked: () => readControls(room).editorLocked,
	code: () => room.code.toString(),
	connectedPeers: () => connectedPeers
};

Object.assign(window, { rogue });
