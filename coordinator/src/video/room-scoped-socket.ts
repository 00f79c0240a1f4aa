import { EventEmitter } from 'node:events';
import type { RawData, WebSocket } from 'ws';
import { PeerClientFrame, isPeerOfRoom } from '../../../src/lib/protocol/video';
import type { RoomGrant } from '../auth/tokens';
import type { Logger } from '../logger';

const closeUnsupportedData = 1003;
const closePolicyViolation = 1008;

/**
 * What the PeerJS server gets instead of an admitted WebSocket: the same socket, except that
 * every frame is checked before PeerJS sees it. PeerJS relays whatever JSON it receives to
 * whatever peer id it names; this lets through only heartbeats, and offers, answers and ICE
 * candidates addressed to a peer of the sender's own room. Anything else closes the
 * connection, as the signaling server does.
 */
export class RoomScopedSocket extends EventEmitter {
	constructor(
		private readonly socket: WebSocket,
		private readonly grant: RoomGrant,
		private readonly log: Logger
	) {
		super();
		socket.on('message', (raw, isBinary) => this.receive(raw, isBinary));
		socket.on('close', () => this.emit('close'));
		// PeerJS listens for 'error' first thing, so re-emitting cannot go unhandled.
		socket.on('error', (error) => this.emit('error', error));
	}

	/** Called by PeerJS with frames for this peer. */
	send(data: string) {
		// A peer that is hanging up just misses what was meant for it.
		if (this.socket.readyState !== this.socket.OPEN) return;
		this.socket.send(data, (error) => {
			if (error) this.log.debug('send failed', { ...this.who(), error: error.message });
		});
	}

	/** Called by PeerJS when it refuses or drops this peer. */
	close() {
		this.socket.close();
	}

	/** Closes the connection with `code`, logging why. */
	reject(code: number, reason: string, details?: object) {
		this.log.warn(`closing connection: ${reason}`, { ...this.who(), ...details });
		this.socket.close(code, reason);
	}

	private who() {
		return { participant: this.grant.participantId, room: this.grant.roomId };
	}

	private receive(raw: RawData, isBinary: boolean) {
		if (isBinary) return this.reject(closeUnsupportedData, 'binary frames are not accepted');
		let json: unknown;
		try {
			json = JSON.parse(raw.toString());
		} catch {
			return this.reject(closeUnsupportedData, 'frame is not JSON');
		}
		const parsed = PeerClientFrame.safeParse(json);
		if (!parsed.success) {
			return this.reject(closePolicyViolation, 'frame is not a PeerJS message', {
				issues: parsed.error.issues.map((issue) => issue.message)
			});
		}
		const frame = parsed.data;
		if ('dst' in frame && !isPeerOfRoom(frame.dst, this.grant.roomId)) {
			return this.reject(closePolicyViolation, 'destination is not in this room', {
				dst: frame.dst
			});
		}
		// Re-serialised from the parsed frame, so PeerJS never sees fields it was not meant to.
		this.emit('message', JSON.stringify(frame));
	}
}
