import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { vi } from 'vitest';
import { setLogLevel } from '../../../server-common/logger';

/** An HTTP server on a free local port that hands every upgrade to `target`. */
export async function serveUpgrades(target: {
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): unknown;
}): Promise<Server> {
	const http = createServer((_req, res) => res.end());
	http.on('upgrade', (req, socket, head) => target.handleUpgrade(req, socket, head));
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	return http;
}

/**
 * Captures what the logger warns about from now on (it writes warnings to console.error),
 * for a test to check; `vi.restoreAllMocks()` and `setLogLevel('silent')` undo it.
 */
export function captureWarnings(): string[] {
	const warnings: string[] = [];
	setLogLevel('warn');
	vi.spyOn(console, 'error').mockImplementation((line: string) => void warnings.push(line));
	return warnings;
}
