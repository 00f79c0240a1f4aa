import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** A WebSocket server on 127.0.0.1 and a free port; `close` drops every client first. */
export async function startLoopbackWebSocketServer(
	onConnection: (socket: WebSocket, request: IncomingMessage) => void,
	beforeClose: () => void = () => {}
): Promise<{ url: string; close(): Promise<void> }> {
	const server = createServer();
	const wss = new WebSocketServer({ server });
	wss.on('connection', onConnection);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
		close: () =>
			new Promise((resolve) => {
				for (const client of wss.clients) client.terminate();
				beforeClose();
				wss.close(() => server.close(() => resolve()));
			})
	};
}
