import { docs, setupWSConnection } from '@y/websocket-server/utils';
import { startLoopbackWebSocketServer } from './loopback-server';

/** A y-websocket server (the classic relay design) for the relay baseline. */
export function startWebsocketRelay() {
	return startLoopbackWebSocketServer(
		(socket, request) => setupWSConnection(socket, request),
		() => {
			// Each served doc's Awareness runs a setInterval until the doc is destroyed, and
			// the server only destroys docs when persistence is set: without this, Node never exits.
			for (const doc of docs.values()) doc.destroy();
			docs.clear();
		}
	);
}
