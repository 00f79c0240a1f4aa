import { WebrtcProvider } from 'y-webrtc';
import type { Awareness } from 'y-protocols/awareness';
import { signalingPath } from '../protocol/paths';
import type { Admission } from './admission';
import { useParticipantClientId } from './client-id';
import { participantColor } from './colors';
import { localCopyName, takeEarlyLocalCopy } from './early-local-copy';
import { LocalPersistence } from './local-persistence';
import { trackPeerLinks, type PeerLinks } from './peer-links';
import { watchSignaling } from './signaling-state';
import { type FetchRecorded, fillFromRecord } from './record-fill';
import { createPassVerifier } from '../shared/rules/peer-pass';
import { guardPeers, type Refusal } from './peer-gate/peer-gate';
import { trackRoomRules } from '../shared/rules/room-rules';
import type { PresenceUser } from './presence';
import { roomDoc, type RoomDoc } from '../shared/document/room-doc';
import { seedNewRoom } from '../shared/document/language-switch';
import { Language } from '../protocol/languages';

export interface RoomConnection {
	room: RoomDoc;
	awareness: Awareness;
	provider: WebrtcProvider;
	/**
	 * Calls `listener` with whether every restriction this page saw (a lock, the end,
	 * observers muted) has taken hold for the peer gate, now and on each change.
	 */
	onRulesSettled(listener: (settled: boolean) => void): () => void;
	/** Calls `listener` with whether IndexedDB holds every change so far, now and on each change. */
	onSavedLocally(listener: (saved: boolean) => void): () => void;
	/** Calls `listener` with whether the coordinator's signaling is reachable, now and on change. */
	onCoordinatorReachable(listener: (reachable: boolean) => void): () => void;
	/** Calls `listener` with each verified peer's link (direct or relayed) as it changes. */
	onPeerLinks(listener: (links: PeerLinks) => void): () => void;
	destroy(): Promise<void>;
}

/** The coordinator's signaling endpoint on this origin, authorised by the room token. */
function signalingUrl(token: string): string {
	const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
	return `${scheme}://${location.host}${signalingPath}?token=${encodeURIComponent(token)}`;
}

/** Logs each kind of refusal of each peer once: a misbehaving peer may keep trying. */
function warnOnce() {
	const warned = new Set<string>();
	return ({ peer, reason, hungUp }: Refusal) => {
		const who = peer ? `${peer.role} ${peer.name}` : 'a peer';
		const line = `${hungUp ? 'hung up on' : 'ignored'} ${who}: ${reason}`;
		if (warned.has(line)) return;
		warned.add(line);
		console.warn(line);
	};
}

/**
 * Opens the room's document: restored from IndexedDB at once (from the read the page began
 * while loading, `readLocalCopyEarly`, if it did), then synced directly with
 * the other browsers over WebRTC. The coordinator only introduces the peers; the peers
 * check each other's room tokens and apply only the updates each one's role allows. What
 * no peer can give is fetched from the coordinator's record (`fetchRecorded`).
 */
export function connectRoom(admission: Admission, fetchRecorded: FetchRecorded): RoomConnection {
	const room = roomDoc();
	useParticipantClientId(room.doc, admission.participantId, admission.clientBlock);
	const localName = localCopyName(admission.room.id);
	const persistence = new LocalPersistence(localName, room.doc, takeEarlyLocalCopy(localName));
	const provider = new WebrtcProvider(admission.topic, room.doc, {
		signaling: [signalingUrl(admission.token)],
		// Encrypts signaling payloads: the coordinator relays them without being able to read them.
		password: admission.secret,
		peerOpts: { config: { iceServers: admission.iceServers } }
	});
	const stopFilling = fillFromRecord({
		doc: room.doc,
		fetchRecorded,
		after: persistence.whenRestored,
		// With the local copy and the record in, a room nobody wrote in yet gets its starter.
		onFirstFill: () =>
			seedNewRoom(room, {
				language: Language.catch('python').parse(admission.room.language),
				role: admission.role
			}),
		onError: (error) => console.warn('could not load the recorded room:', error)
	});
	const roomRules = trackRoomRules(room);
	const linkListeners = new Set<(links: PeerLinks) => void>();
	let peerLinks: PeerLinks = {};
	const links = trackPeerLinks((next) => {
		peerLinks = next;
		linkListeners.forEach((listener) => listener(next));
	});
	const gate = guardPeers({
		provider,
		token: admission.token,
		verify: createPassVerifier(admission.roomKey, admission.room.id),
		rules: roomRules.rules,
		onRefused: warnOnce(),
		onVerified: (conn, peer) => links.add(conn, peer.participantId)
	});
	const stopRecheck = roomRules.onChange(gate.recheck);
	const user: PresenceUser = {
		participantId: admission.participantId,
		name: admission.name,
		role: admission.role,
		...participantColor(admission.colorIndex)
	};
	provider.awareness.setLocalStateField('user', user);
	// Leaving the page (refresh, close) hangs up at once, so that peers see this participant
	// leave now rather than when their WebRTC connection times out.
	const hangUp = () => provider.disconnect();
	const reconnect = (event: PageTransitionEvent) => {
		if (event.persisted) provider.connect();
	};
	addEventListener('pagehide', hangUp);
	addEventListener('pageshow', reconnect);

	return {
		room,
		awareness: provider.awareness,
		provider,
		onRulesSettled: roomRules.onSettled,
		onSavedLocally: (listener) => persistence.onSaved(listener),
		onCoordinatorReachable: (listener) => watchSignaling(provider, listener),
		onPeerLinks(listener) {
			linkListeners.add(listener);
			listener(peerLinks);
			return () => linkListeners.delete(listener);
		},
		async destroy() {
			removeEventListener('pagehide', hangUp);
			removeEventListener('pageshow', reconnect);
			stopRecheck();
			stopFilling();
			links.stop();
			roomRules.stop();
			provider.destroy();
			await persistence.destroy();
			room.doc.destroy();
		}
	};
}
