import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

const statusTexts = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden' } as const;
export type RefusalStatus = keyof typeof statusTexts;

/** Answers a WebSocket upgrade request with an HTTP error and `reason` as the body, then hangs up. */
export function refuseUpgrade(socket: Duplex, status: RefusalStatus, reason: string) {
	if (socket.destroyed) return;
	// Destroying only after 'finish' lets the status reach the client before the FIN.
	socket.once('finish', () => socket.destroy());
	socket.end(
		`HTTP/1.1 ${status} ${statusTexts[status]}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
			`Content-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`
	);
}

/** The query parameters of a request, as a plain object; empty when the URL does not parse. */
export function queryOf(req: IncomingMessage): Record<string, string> {
	try {
		return Object.fromEntries(new URL(req.url ?? '/', 'http://localhost').searchParams);
	} catch {
		return {};
	}
}
