import { EventEmitter } from 'node:events';
import type { RawData } from 'ws';
import { parseBoundedJson } from '../../../src/lib/protocol/bounded-json';
import { PeerClientFrame, isPeerOfRoom, peerIdOf } from '../../../src/lib/protocol/video';
import type { ParticipantSocket } from '../http/participant-socket';
import type { Logger } from '../../../server-common/logger';
import type { AbsentPeerFrames, FrameSender } from './absent-peer-frames';

/** Where frames for other peers go: PeerJS if the destination is connected, else `absent`. */
export interface PeerDirectory {
	isConnected(peerId: string): boolean;
	absent: AbsentPeerFrames;
}

const closeUnsupportedData = 1003;
const closePolicyViolation = 1008;
const closeMessageTooBig = 1009;

/**
 * What the PeerJS server gets instead of an admitted WebSocket: the same socket, except that
 * every frame is checked before PeerJS sees it. PeerJS relays whatever JSON it receives to
 * whatever peer id it names; this lets through only heartbeats, and offers, answers and ICE
 * candidates addressed to a peer of the sender's own room. Anything else closes the
 * connection, as the signaling server does.
 *
 * A frame for a peer of the room that is not connected is never given to PeerJS, which would
 * queue any number of them: it waits, bounded, in `AbsentPeerFrames` until that peer connects.
 */
export class RoomScopedSocket extends EventEmitter implements FrameSender {
	readonly peerId: string;

	constructor(
		readonly connection: ParticipantSocket,
		private readonly peers: PeerDirectory,
		private readonly log: Logger
	) {
		super();
		this.peerId = peerIdOf(connection.grant.roomId, connection.grant.participantId);
		const { socket } = connection;
		socket.on(
			'message',
			connection.guard('message', (raw: RawData, isBinary: boolean) => this.receive(raw, isBinary))
		);
		socket.on(
			'close',
			connection.guard('close', () => this.emit('close'))
		);
		socket.on(
			'error',
			connection.guard('error', (error: Error) => {
				// PeerJS listens for 'error' first thing and logs it through the server's listener.
				if (this.listenerCount('error') > 0) this.emit('error', error);
				else log.warn(`connection error: ${error.message}`, connection.who);
			})
		);
	}

	get isOpen(): boolean {
		return this.connection.isOpen;
	}

	/** Hands a checked frame from this peer to PeerJS, which routes it. */
	forward(frame: string) {
		this.emit('message', frame);
	}

	/** Tells this peer that what it sent `dst` was not delivered, as PeerJS does. */
	expired(dst: string) {
		this.send(JSON.stringify({ type: 'EXPIRE', src: dst, dst: this.peerId }));
	}

	/** Called by PeerJS with frames for this peer; bounded like every participant's sends. */
	send(data: string) {
		this.connection.send(data);
	}

	/** Called by PeerJS when it refuses or drops this peer. */
	close() {
		this.connection.close();
	}

	/** Closes the connection with `code`, logging why. */
	reject(code: number, reason: string, details?: object) {
		this.connection.reject(code, reason, details);
	}

	private receive(raw: RawData, isBinary: boolean) {
		if (isBinary) return this.reject(closeUnsupportedData, 'binary frames are not accepted');
		const json = parseBoundedJson(raw.toString());
		if (!json.ok) {
			const code =
				json.reason === 'frame nests too deep' ? closeMessageTooBig : closeUnsupportedData;
			return this.reject(code, json.reason);
		}
		const parsed = PeerClientFrame.safeParse(json.value);
		if (!parsed.success) {
			return this.reject(closePolicyViolation, 'frame is not a PeerJS message', {
				issues: parsed.error.issues.map((issue) => issue.message)
			});
		}
		const frame = parsed.data;
		if ('dst' in frame && !isPeerOfRoom(frame.dst, this.connection.grant.roomId)) {
			return this.reject(closePolicyViolation, 'destination is not in this room', {
				dst: frame.dst
			});
		}
		// Re-serialised from the parsed frame, so PeerJS never sees fields it was not meant to.
		const text = JSON.stringify(frame);
		if ('dst' in frame && !this.peers.isConnected(frame.dst)) {
			if (!this.peers.absent.hold(this, frame.dst, text)) {
				this.log.debug(`dropped ${frame.type}: too much held for peers not connected`, {
					...this.connection.who,
					dst: frame.dst
				});
			}
			return;
		}
		this.forward(text);
	}
}
