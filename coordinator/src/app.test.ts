import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createCoordinator } from './app';
import { parseEnv } from './env';
import { parseRunnerEnv } from '../../runner/src/env';
import { localDockerRunner } from '../../runner/src/local-runner';
import { setLogLevel } from '../../server-common/logger';

let dataDir: string;
let coordinator: Awaited<ReturnType<typeof createCoordinator>>;
let server: Server;
let origin: string;

beforeAll(async () => {
	setLogLevel('silent');
	dataDir = mkdtempSync(join(tmpdir(), 'coordinator-'));
	// PGlite in a temporary directory, whatever DATABASE_URL the shell has.
	coordinator = await createCoordinator(parseEnv({ DATA_DIR: dataDir }), {
		startLocalRunner: localDockerRunner(parseRunnerEnv({ RUNNER_POOL_SIZE: '0' }))
	});
	server = createServer((req, res) =>
		coordinator.handleRequest(req, res, (_req, fallback) => {
			fallback.statusCode = 418;
			fallback.end('fallback');
		})
	);
	server.on('upgrade', (req, socket, head) => {
		if (!coordinator.handleUpgrade(req, socket, head)) socket.destroy();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	origin = `127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
	server?.closeAllConnections();
	await new Promise((resolve) => server?.close(resolve));
	await coordinator?.close();
	rmSync(dataDir, { recursive: true, force: true });
});

/** The HTTP status an upgrade to `path` is answered with. */
function upgradeStatus(path: string): Promise<number> {
	const socket = new WebSocket(`ws://${origin}${path}`);
	return new Promise((resolve, reject) => {
		socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
		socket.once('open', () => reject(new Error('the upgrade was accepted')));
		socket.once('error', reject);
	});
}

describe('coordinator routing', () => {
	it('hands WebSocket upgrades under /peerjs to the PeerJS server, which checks them', async () => {
		expect(await upgradeStatus('/peerjs/peerjs?key=peerjs')).toBe(400);
		expect(await upgradeStatus('/peerjs/peerjs?key=peerjs&id=a&token=forged')).toBe(401);
		expect(await upgradeStatus('/signal')).toBe(401);
	});

	it('does not serve the HTTP API of `peer`: no peer listing, no id generation', async () => {
		for (const path of ['/peerjs', '/peerjs/', '/peerjs/peerjs/peers', '/peerjs/peerjs/id']) {
			const response = await fetch(`http://${origin}${path}`);
			expect(response.status, path).toBe(404);
			expect(await response.text()).toBe('PeerJS is served over WebSocket only, at /peerjs/peerjs');
		}
		expect((await fetch(`http://${origin}/peerjsx`)).status).toBe(418);
	});
});
