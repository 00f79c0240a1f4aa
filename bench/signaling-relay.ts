import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * y-webrtc's signaling protocol (subscribe, publish, ping) with no authentication, for the
 * raw y-webrtc baseline: it must not share code with the app it is compared against.
 */
export async function startSignalingRelay(): Promise<{ url: string; close(): Promise<void> }> {
	const topics = new Map<string, Set<WebSocket>>();
	const server = createServer();
	const wss = new WebSocketServer({ server });
	wss.on('connection', (socket) => {
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
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
		close: () =>
			new Promise((resolve) => {
				for (const client of wss.clients) client.terminate();
				wss.close(() => server.close(() => resolve()));
			})
	};
}
