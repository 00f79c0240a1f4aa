/**
 * A hand-crafted malicious participant, bundled for a test page (rogue-peer-page.ts). It is
 * admitted as an observer like anyone with an observer link, connects to the room over
 * WebRTC with the app's own transport, and then writes into the document what an observer
 * may not: code, the interviewer's controls, chat in the interviewer's name. Honest peers
 * must drop all of it.
 */
import { WebrtcProvider } from 'y-webrtc';
import { signalingPath, trpcPath } from '../../../src/lib/protocol/paths';
import { guardPeers } from '../../../src/lib/sync/peer-gate/peer-gate';
import { appendChat, roomDoc, writeControl } from '../../../src/lib/sync/room-doc';

interface Admission {
	token: string;
	participantId: string;
	name: string;
	secret: string;
	topic: string;
}

async function joinAsObserver(roomId: string, observerLink: string, name: string) {
	const response = await fetch(`${trpcPath}/rooms.join`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ id: roomId, observerLink, name })
	});
	return ((await response.json()) as { result: { data: Admission } }).result.data;
}

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
let admission: Admission;
let provider: WebrtcProvider;
let connectedPeers = 0;

const rogue = {
	/** Joins and connects; with `forgePass` it presents a token promoted to interviewer. */
	async start(roomId: string, observerLink: string, name: string, forgePass: boolean) {
		admission = await joinAsObserver(roomId, observerLink, name);
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
			self: { participantId: admission.participantId, role: 'observer', name: admission.name },
			// The rogue believes everybody.
			verify: async () => ({ participantId: 'anyone', role: 'interviewer', name: 'anyone' }),
			rules: () => ({ editorLocked: false, observersMayChat: true, ended: false })
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
				color: '#000000',
				colorLight: '#00000033'
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
	code: () => room.code.toString(),
	connectedPeers: () => connectedPeers
};

Object.assign(window, { rogue });
