import type { WebrtcProvider } from 'y-webrtc';

/** lib0's WebsocketClient, which y-webrtc's signaling connections are. */
interface SignalingSocket {
	connected: boolean;
	on(event: 'connect' | 'disconnect', listener: () => void): void;
	off(event: 'connect' | 'disconnect', listener: () => void): void;
}

/**
 * Calls `listener` with whether this page reaches the coordinator's signaling endpoint, now
 * and on each change: without it no new peer can be introduced, but connected peers stay.
 */
export function watchSignaling(
	provider: WebrtcProvider,
	listener: (reachable: boolean) => void
): () => void {
	const sockets = provider.signalingConns as SignalingSocket[];
	let reachable: boolean | null = null;
	const update = () => {
		const now = sockets.some((socket) => socket.connected);
		if (now !== reachable) listener((reachable = now));
	};
	for (const socket of sockets) {
		socket.on('connect', update);
		socket.on('disconnect', update);
	}
	update();
	return () => {
		for (const socket of sockets) {
			socket.off('connect', update);
			socket.off('disconnect', update);
		}
	};
}
