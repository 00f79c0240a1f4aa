import type { Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/** A client WebSocket text frame (masked, as clients must), for writing on a bare TCP socket. */
export function maskedTextFrame(text: string): Buffer {
	const payload = Buffer.from(text);
	const length =
		payload.length < 126
			? Buffer.of(0x80 | payload.length)
			: payload.length < 65_536
				? Buffer.of(0x80 | 126, payload.length >> 8, payload.length & 0xff)
				: Buffer.concat([Buffer.of(0x80 | 127), bigEndian64(payload.length)]);
	const mask = Buffer.of(0x12, 0x34, 0x56, 0x78);
	const masked = payload.map((byte, i) => byte ^ mask[i % 4]!);
	return Buffer.concat([Buffer.of(0x81), length, mask, masked]);
}

function bigEndian64(value: number): Buffer {
	const bytes = Buffer.alloc(8);
	bytes.writeBigUInt64BE(BigInt(value));
	return bytes;
}

/**
 * A bare TCP client that has sent a WebSocket upgrade request for `target` (path and query),
 * followed in the same write by `head`: bytes a client may send before it sees the answer.
 * `received()` is everything the server has sent so far, as latin1 text.
 */
export async function rawUpgrade(http: Server, target: string, head: Buffer = Buffer.alloc(0)) {
	const client: Socket = connect((http.address() as AddressInfo).port, '127.0.0.1');
	await new Promise((resolve) => client.once('connect', resolve));
	let response = '';
	client.on('data', (chunk: Buffer) => (response += chunk.toString('latin1')));
	client.write(
		Buffer.concat([
			Buffer.from(
				`GET ${target} HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n` +
					'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
					'Sec-WebSocket-Version: 13\r\n\r\n'
			),
			head
		])
	);
	return { client, received: () => response };
}
