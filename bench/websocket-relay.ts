import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { docs, setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';

/** A y-websocket server (the classic relay design) for the relay baseline. */
export async function startWebsocketRelay(): Promise<{ url: string; close(): Promise<void> }> {
	const server = createServer();
	const wss = new WebSocketServer({ server });
	wss.on('connection', (socket, request) => setupWSConnection(socket, request));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
		close: () =>
			new Promise((resolve) => {
				for (const client of wss.clients) client.terminate();
				// Each served doc's Awareness runs a setInterval until the doc is destroyed, and
				// the server only destroys docs when persistence is set: without this, Node never exits.
				for (const doc of docs.values()) doc.destroy();
				docs.clear();
				wss.close(() => server.close(() => resolve()));
			})
	};
}
