import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

// Kludge: ws keeps its TCP socket private; pausing it is how a client that stops reading looks.
const tcpOf = (socket: WebSocket) => (socket as unknown as { _socket: Socket })._socket;

/** Makes a ws client stop reading: what the server sends it piles up in the server's buffers. */
export function stopReading(socket: WebSocket) {
	tcpOf(socket).pause();
}

/** Lets a client that `stopReading` read again (it then sees what was queued, and any close). */
export function resumeReading(socket: WebSocket) {
	tcpOf(socket).resume();
}
