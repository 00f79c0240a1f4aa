import { WebSocket } from 'ws';
import type { RoomGrant } from '../auth/tokens';
import type { Logger } from '../../../server-common/logger';

/**
 * Bytes a connection may have queued for sending (ws's `bufferedAmount`) before the next
 * frame for it closes it instead: sixteen of the largest frames, hundreds of real offers. A
 * reader that far behind has stopped reading, and whatever it does not read stays in memory.
 */
export const maxBufferedBytes = 1024 * 1024;

/** RFC 6455: "the server is terminating the connection due to a temporary condition". */
export const closeTryAgainLater = 1013;
export const closeInternalError = 1011;

const errorText = (error: unknown) => (error instanceof Error ? error.message : typeof error);

/**
 * An admitted participant's WebSocket (signaling or PeerJS), with what every such connection
 * needs: listeners whose failures close this connection instead of reaching the process,
 * sends bounded by `maxBufferedBytes`, and closes that log why and never throw.
 */
export class ParticipantSocket {
	constructor(
		readonly socket: WebSocket,
		readonly grant: RoomGrant,
		private readonly log: Logger
	) {}

	/** Open, not closing: frames sent now can still arrive. */
	get isOpen(): boolean {
		return this.socket.readyState === WebSocket.OPEN;
	}

	/** Bytes queued for this connection and not yet handed to the network. */
	get bufferedBytes(): number {
		return this.socket.bufferedAmount;
	}

	/** Who this is, for log lines. */
	get who() {
		return { participant: this.grant.participantId, room: this.grant.roomId };
	}

	/**
	 * `listener`, except that whatever it throws is logged and closes this connection with
	 * 1011: one participant's bad input never takes down the process or anyone else's.
	 */
	guard<Args extends unknown[]>(
		what: string,
		listener: (...args: Args) => void
	): (...args: Args) => void {
		return (...args) => {
			try {
				listener(...args);
			} catch (error) {
				this.log.error(`${what} failed`, { ...this.who, error: errorText(error) });
				this.close(closeInternalError, 'internal error');
			}
		};
	}

	/**
	 * Sends `data` if the connection is open and keeping up; a connection with more than
	 * `maxBufferedBytes` still queued is closed with 1013 instead. Returns whether it was sent.
	 */
	send(data: string): boolean {
		// A peer that is hanging up just misses what was meant for it.
		if (!this.isOpen) return false;
		const bufferedBytes = this.bufferedBytes;
		if (bufferedBytes > maxBufferedBytes) {
			this.reject(closeTryAgainLater, 'not reading fast enough', { bufferedBytes });
			return false;
		}
		this.socket.send(data, (error) => {
			// The connection broke; its close listener cleans up.
			if (error) this.log.debug('send failed', { ...this.who, error: error.message });
		});
		return true;
	}

	/** Closes the connection with `code`, logging why. */
	reject(code: number, reason: string, details?: object) {
		this.log.warn(`closing connection: ${reason}`, { ...this.who, ...details });
		this.close(code, reason);
	}

	/** Closes with `code` and `reason` (at most 123 bytes); never throws. */
	close(code?: number, reason?: string) {
		try {
			this.socket.close(code, reason);
		} catch (error) {
			this.log.error('close failed, terminating', { ...this.who, error: errorText(error) });
			this.socket.terminate();
		}
	}

	terminate() {
		this.socket.terminate();
	}
}
