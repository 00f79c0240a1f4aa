import type { WebSocket } from 'ws';
import { startLoopbackWebSocketServer } from './loopback-server';

/**
 * y-webrtc's signaling protocol (subscribe, publish, ping) with no authentication, for the
 * raw y-webrtc baseline: it must not share code with the app it is compared against.
 */
export function startSignalingRelay() {
	const topics = new Map<string, Set<WebSocket>>();
	return startLoopbackWebSocketServer((socket) => {
		socket.on('message', (raw) => {
			const message = JSON.parse(raw.toString());
			if (message.type === 'subscribe') {
				for (const topic of message.topics ?? []) {
					if (!topics.has(topic)) topics.set(topic, new Set());
					topics.get(topic)!.add(socket);
				}
			} else if (message.type === 'publish') {
				const receivers = topics.get(message.topic) ?? new Set();
				const relayed = JSON.stringify({ ...message, clients: receivers.size });
				for (const receiver of receivers) receiver.send(relayed);
			} else if (message.type === 'ping') {
				socket.send(JSON.stringify({ type: 'pong' }));
			}
		});
		socket.on('close', () => topics.forEach((sockets) => sockets.delete(socket)));
	});
}
