import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { removeAwarenessStates, type Awareness } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { Room, WebrtcConn, WebrtcProvider } from 'y-webrtc';
import { observerChatLines } from '../../shared/document/observer-chat';
import { decodePeerPass, encodePeerPass } from '../../shared/rules/peer-pass';
import { filterPresence } from './presence-filter';
import { ownPart } from './own-structs';
import {
	isShutOut,
	judgeUpdate,
	type RoomRules,
	type VerifiedPeer
} from '../../shared/rules/update-policy';
import { changesNothing, summarizeUpdate } from '../../shared/rules/update-summary';

// y-webrtc's message types (y-webrtc.js).
const messageSync = 0;
const messageAwareness = 1;
const messageQueryAwareness = 3;

/** Something a peer sent was refused; the connection was dropped when `hungUp`. */
export interface Refusal {
	peer: VerifiedPeer | null;
	reason: string;
	hungUp: boolean;
}

export interface PeerGateOptions {
	provider: WebrtcProvider;
	/** This participant's room token, presented to every peer. */
	token: string;
	/** Checks a peer's room token; rejects a forged, expired or foreign one. */
	verify(token: string): Promise<VerifiedPeer>;
	/** The interviewer's current rules, which decide whose updates apply. */
	rules(): RoomRules;
	onRefused?(refusal: Refusal): void;
	/** A connection's peer presented a valid token: from now on it speaks as `peer`. */
	onVerified?(conn: WebrtcConn, peer: VerifiedPeer): void;
	passTimeoutMs?: number;
	/** What a peer may send before its token is checked, and what may wait to be judged. */
	maxPendingBytes?: number;
}

/** A y-webrtc sync message of `syncType` carrying `update`. */
function syncMessage(syncType: number, update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, messageSync);
	encoding.writeVarUint(encoder, syncType);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

/** A sync answer with nothing in it: stands in for a refused one. */
const emptySyncStep2 = syncMessage(
	syncProtocol.messageYjsSyncStep2,
	Y.encodeStateAsUpdate(new Y.Doc())
);

/**
 * Makes every WebRTC connection of `provider` start with both sides presenting their room
 * token, and filters what a verified peer sends by its role (update-policy.ts). A peer
 * without a valid token within `passTimeoutMs` is hung up on, unheard. BroadcastChannel
 * traffic (other tabs of this browser) is not filtered: it never leaves this machine.
 */
export function guardPeers(options: PeerGateOptions) {
	const { provider } = options;
	const rechecks = new Set<() => void>();
	void provider.key.then(() => {
		const conns = provider.room?.webrtcConns;
		if (!conns) return;
		const set = conns.set.bind(conns);
		// y-webrtc creates a connection, listening already, and then stores it: take it here.
		conns.set = (peerId, conn) => {
			guardConnection(conn, options, { rechecks });
			return set(peerId, conn);
		};
	});
	return {
		/** Hangs up on connected peers the rules now shut out (a revoked observer link). */
		recheck: () => rechecks.forEach((recheck) => recheck())
	};
}

/** What the connections of one room share. */
interface GateState {
	rechecks: Set<() => void>;
}

// Long enough for the revocation itself to reach the observer before the line goes dead.
const revocationNoticeMs = 1000;

function guardConnection(conn: WebrtcConn, options: PeerGateOptions, gate: GateState) {
	const { rechecks } = gate;
	const { token, verify, rules, onRefused } = options;
	const peer = conn.peer;
	const [deliver] = peer.listeners('data') as ((message: Uint8Array) => void)[];
	peer.removeListener('data', deliver);

	let sender: VerifiedPeer | null = null;
	let verifying = false;
	let pending: Uint8Array[] = [];
	let pendingBytes = 0;

	const hangUp = (reason: string) => {
		if (conn.closed) return;
		pending = [];
		onRefused?.({ peer: sender, reason, hungUp: true });
		conn.destroy();
		if (sender) forgetPresence(conn.room.awareness, sender.participantId);
	};
	const shutOut = () => sender !== null && isShutOut(sender, rules());
	const recheck = () => {
		if (shutOut()) setTimeout(() => hangUp('observer link revoked'), revocationNoticeMs);
	};
	rechecks.add(recheck);
	/** Updates that build on what this page does not have yet, judged again as more arrives. */
	let undecided: Uint8Array[] = [];
	let undecidedBytes = 0;
	const judge = (message: Uint8Array) =>
		judgeMessage(message, { sender: sender!, rules, room: conn.room });
	const passOn = (message: Uint8Array) => {
		if (shutOut()) return hangUp('observer link revoked');
		const verdict = judge(message);
		for (const later of verdict.undecided ?? []) {
			undecided.push(later);
			undecidedBytes += later.byteLength;
		}
		if (undecidedBytes > (options.maxPendingBytes ?? 8 << 20)) {
			undecided = [];
			undecidedBytes = 0;
			onRefused?.({ peer: sender, reason: 'too much that builds on the unknown', hungUp: false });
		}
		if (verdict.deliver) deliver!(verdict.deliver);
		if (verdict.refused) onRefused?.({ peer: sender, reason: verdict.refused, hungUp: false });
	};
	const rejudge = () => {
		if (!undecided.length || conn.closed) return;
		const waiting = undecided;
		undecided = [];
		undecidedBytes = 0;
		waiting.forEach(passOn);
	};
	// Whatever arrives from any peer may be what an undecided update builds on.
	const onTransaction = (transaction: Y.Transaction) => transaction.local || rejudge();
	conn.room.doc.on('afterTransaction', onTransaction);
	const timeout = setTimeout(
		() => sender || hangUp('no room token presented'),
		options.passTimeoutMs ?? 10_000
	);

	peer.on('connect', () => {
		try {
			peer.send(encodePeerPass(token));
		} catch {
			// Closed meanwhile: y-webrtc's own handlers clean up.
		}
	});
	peer.on('close', () => {
		clearTimeout(timeout);
		rechecks.delete(recheck);
		conn.room.doc.off('afterTransaction', onTransaction);
		undecided = [];
	});
	peer.on('data', (message: Uint8Array) => {
		if (sender) return passOn(message);
		const presented = verifying ? null : decodePeerPass(message);
		if (presented === null) {
			pending.push(message);
			pendingBytes += message.byteLength;
			if (pendingBytes > (options.maxPendingBytes ?? 8 << 20)) hangUp('too much before a token');
			return;
		}
		verifying = true;
		verify(presented).then(
			(verified) => {
				clearTimeout(timeout);
				sender = verified;
				if (shutOut()) return hangUp('observer link revoked');
				options.onVerified?.(conn, verified);
				const queued = pending;
				pending = [];
				queued.forEach(passOn);
			},
			(error: Error) => hangUp(error.message)
		);
	});
}

interface Verdict {
	/** What to hand y-webrtc, if anything. */
	deliver: Uint8Array | null;
	/** Why the message was refused, if it was. */
	refused?: string;
	/** Messages (of what the sender may send) to judge again once more has arrived. */
	undecided?: Uint8Array[];
}

interface Judging {
	sender: VerifiedPeer;
	rules(): RoomRules;
	room: Room;
}

function judgeMessage(message: Uint8Array, { sender, rules, room }: Judging): Verdict {
	try {
		const decoder = decoding.createDecoder(message);
		const type = decoding.readVarUint(decoder);
		if (type === messageQueryAwareness) return { deliver: message };
		if (type === messageAwareness) {
			const presence = filterPresence(decoding.readVarUint8Array(decoder), sender, (clientId) =>
				room.awareness.getStates().get(clientId)
			);
			// Cursor moves make most messages: pass them on as they came unless something went.
			if (!presence.dropped) return { deliver: message };
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, messageAwareness);
			encoding.writeVarUint8Array(encoder, presence.update);
			const refused = presence.forged ? 'presence claiming someone else' : undefined;
			return { deliver: encoding.toUint8Array(encoder), refused };
		}
		if (type !== messageSync) return { deliver: null, refused: `unknown message type ${type}` };
		const syncType = decoding.readVarUint(decoder);
		if (syncType === syncProtocol.messageYjsSyncStep1) return { deliver: message };
		const received = decoding.readVarUint8Array(decoder);
		const doc = room.doc;
		const isSyncAnswer = syncType === syncProtocol.messageYjsSyncStep2;
		// A refused answer to our sync request still completes the exchange y-webrtc awaits.
		const nothing = isSyncAnswer ? emptySyncStep2 : null;
		// An interviewer may pass on anyone's edits; the others only their own.
		const own = ownPart(received, {
			block: sender.role === 'interviewer' ? null : (sender.clientBlock ?? -1),
			doc
		});
		const chatDeleted = own.chatDeletions ? 'deleting chat lines' : undefined;
		const deferred = own.deferred ? [syncMessage(syncProtocol.messageYjsUpdate, own.deferred)] : [];
		if (!own.update) return { deliver: nothing, refused: chatDeleted, undecided: deferred };
		const update = own.update;
		const taken = update === received ? message : syncMessage(syncType, update);
		const verdict = judgeUpdate(sender, rules(), {
			summary: () => summarizeUpdate(doc, update),
			observerLines: () => observerChatLines(update)
		});
		if (verdict === 'apply') return { deliver: taken, refused: chatDeleted, undecided: deferred };
		// A copy of what this peer has already (peers pass everything on) is harmless.
		if (changesNothing(doc, update)) return { deliver: taken, undecided: deferred };
		if (verdict === 'undecided') return { deliver: null, undecided: [taken, ...deferred] };
		return { deliver: nothing, refused: `the ${sender.role} role may not make this change` };
	} catch {
		return { deliver: null, refused: 'malformed message' };
	}
}

/** Takes a participant who was hung up on out of the room's presence at once. */
function forgetPresence(awareness: Awareness, participantId: string) {
	const theirs = [...awareness.getStates()]
		.filter(([, state]) => state.user?.participantId === participantId)
		.map(([clientId]) => clientId);
	if (theirs.length) removeAwarenessStates(awareness, theirs, 'peer gate');
}
