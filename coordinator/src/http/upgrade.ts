import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../../../server-common/logger';

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

/**
 * Runs `accept` on an upgrade request without letting anything reach the process. Until
 * `accept` calls `handOver` (right before giving the socket to ws, which brings its own error
 * listener), an error on the socket is only logged: Node's HTTP server drops its own error
 * listener on upgrade, so a reset while a token is checked would otherwise crash it. Whatever
 * `accept` throws destroys the socket.
 */
export function guardUpgrade(
	req: IncomingMessage,
	socket: Duplex,
	log: Logger,
	accept: (handOver: () => void) => Promise<void>
) {
	const address = req.socket.remoteAddress;
	const onEarlyError = (error: Error) => log.warn(`upgrade aborted: ${error.message}`, { address });
	socket.on('error', onEarlyError);
	accept(() => socket.off('error', onEarlyError)).catch((error: unknown) => {
		log.error('upgrade failed', { address, error: String(error) });
		socket.destroy();
	});
}

/** The query parameters of a request, as a plain object; empty when the URL does not parse. */
export function queryOf(req: IncomingMessage): Record<string, string> {
	try {
		return Object.fromEntries(new URL(req.url ?? '/', 'http://localhost').searchParams);
	} catch {
		return {};
	}
}

/** The path of a request, or undefined when its target does not parse (`GET http://[`). */
export function pathnameOf(req: IncomingMessage): string | undefined {
	try {
		return new URL(req.url ?? '/', 'http://localhost').pathname;
	} catch {
		return undefined;
	}
}
