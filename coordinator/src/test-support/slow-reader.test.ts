import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { resumeReading, stopReading } from './slow-reader';

// slow-reader.ts reaches into ws 8.23.0 (pinned in package.json) for a client's TCP socket,
// which the tests of slow readers pause. If this fails after an upgrade, re-check it.
describe('canary: ws keeps a client’s TCP socket as `_socket`', () => {
	it('pausing it stops the client reading; resuming lets it read what waited', async () => {
		const http = createServer();
		const server = new WebSocketServer({ server: http });
		await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
		const { port } = http.address() as AddressInfo;
		const accepted = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
		const client = new WebSocket(`ws://127.0.0.1:${port}`);
		try {
			await new Promise((resolve) => client.once('open', resolve));
			const tcp = (client as unknown as { _socket?: { remotePort?: number } })._socket;
			expect(tcp?.remotePort).toBe(port);

			const received: string[] = [];
			client.on('message', (data) => received.push(data.toString()));
			stopReading(client);
			const sender = await accepted;
			sender.send('held');
			// Sent once the frame reached the kernel's buffers: the client could have read it.
			await new Promise((resolve) => sender.send('', resolve));
			expect(received).toEqual([]);
			resumeReading(client);
			await expect.poll(() => received).toEqual(['held', '']);
		} finally {
			client.terminate();
			server.close();
			http.close();
		}
	});
});
