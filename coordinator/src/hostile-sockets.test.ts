import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect as connectTcp, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { maxJsonDepth } from '../../src/lib/protocol/bounded-json';
import { maxSignalingFrameBytes, signalingTopic } from '../../src/lib/protocol/signaling';
import { peerIdOf } from '../../src/lib/protocol/video';
import { createCoordinator } from './app';
import { loadJwtSecret } from './auth/jwt-secret';
import { loadRoomSigningKey } from './auth/room-signing-key';
import { createTokenService, type RoomGrant } from './auth/tokens';
import { parseEnv } from './env';
import { parseRunnerEnv } from '../../runner/src/env';
import { localDockerRunner } from '../../runner/src/local-runner';
import { setLogLevel } from '../../server-common/logger';

// The whole coordinator, as `npm start` serves it, against random frames from participants
// holding valid room tokens. Bounded: a fixed number of runs, and a time limit after which
// fast-check stops early.
const runs = 240;
const timeLimitMs = 90_000;
const livenessEvery = 20;
/** How long a connection may take to answer its probe (or close) before the server counts as hung. */
const answerTimeoutMs = 15_000;

let dataDir: string;
let coordinator: Awaited<ReturnType<typeof createCoordinator>>;
let server: Server;
let origin: string;
let tokens: ReturnType<typeof createTokenService>;
const roomA = randomUUID();
const roomB = randomUUID();
const uncaught: unknown[] = [];
const noteUncaught = (error: unknown) => uncaught.push(error);

beforeAll(async () => {
	setLogLevel('silent');
	dataDir = mkdtempSync(join(tmpdir(), 'hostile-sockets-'));
	coordinator = await createCoordinator(parseEnv({ DATA_DIR: dataDir }), {
		startLocalRunner: localDockerRunner(parseRunnerEnv({ RUNNER_POOL_SIZE: '0' }))
	});
	// The keys the coordinator generated in DATA_DIR, so this test can sign valid room tokens.
	tokens = createTokenService(
		loadJwtSecret({ dataDir }),
		undefined,
		loadRoomSigningKey({ dataDir })
	);
	server = createServer((req, res) =>
		coordinator.handleRequest(req, res, (_req, fallback) => {
			fallback.statusCode = 404;
			fallback.end('fallback');
		})
	);
	server.on('upgrade', (req, socket, head) => {
		if (!coordinator.handleUpgrade(req, socket, head)) socket.destroy();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	origin = `127.0.0.1:${(server.address() as AddressInfo).port}`;
	process.on('uncaughtException', noteUncaught);
	process.on('unhandledRejection', noteUncaught);
}, 180_000);

afterAll(async () => {
	process.off('uncaughtException', noteUncaught);
	process.off('unhandledRejection', noteUncaught);
	server?.closeAllConnections();
	await new Promise((resolve) => server?.close(resolve));
	await coordinator?.close();
	rmSync(dataDir, { recursive: true, force: true });
});

type Endpoint = 'signal' | 'peerjs';

interface Client {
	socket: WebSocket;
	peerId: string;
	inbox: string[];
	closed: Promise<void>;
}

const grantIn = (roomId: string): RoomGrant => ({
	participantId: randomUUID(),
	roomId,
	role: 'candidate',
	name: 'Mallory',
	colorIndex: 0
});

/** A participant of `roomId` connected to `endpoint`; resolves once PeerJS said OPEN. */
async function connect(endpoint: Endpoint, roomId: string): Promise<Client> {
	const grant = grantIn(roomId);
	const token = encodeURIComponent(await tokens.signRoomToken(grant));
	const peerId = peerIdOf(roomId, grant.participantId);
	const url =
		endpoint === 'signal'
			? `ws://${origin}/signal?token=${token}`
			: `ws://${origin}/peerjs/peerjs?key=peerjs&id=${peerId}&token=${token}`;
	const socket = new WebSocket(url);
	const inbox: string[] = [];
	socket.on('message', (raw) => inbox.push(raw.toString()));
	const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
	socket.on('error', () => {});
	await new Promise((resolve, reject) => {
		socket.once('open', resolve);
		socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
	});
	if (endpoint === 'peerjs')
		await expect.poll(() => inbox[0], { timeout: answerTimeoutMs }).toBe('{"type":"OPEN"}');
	return { socket, peerId, inbox, closed };
}

/** Sends a probe the server must answer if the connection is open: a ping, or an offer to oneself. */
async function answersOrCloses(endpoint: Endpoint, client: Client) {
	const marker = randomUUID();
	if (client.socket.readyState === WebSocket.OPEN) {
		client.socket.send(
			endpoint === 'signal'
				? JSON.stringify({ type: 'ping' })
				: JSON.stringify({ type: 'OFFER', dst: client.peerId, payload: { marker } })
		);
	}
	const expected = endpoint === 'signal' ? '"pong"' : marker;
	const answered = expect
		.poll(() => client.inbox.some((frame) => frame.includes(expected)), {
			timeout: answerTimeoutMs
		})
		.toBe(true);
	await Promise.race([client.closed, answered]);
}

/** The server still admits and answers a new participant on both endpoints, and over HTTP. */
async function expectServerAnswers() {
	expect(uncaught).toEqual([]);
	for (const endpoint of ['signal', 'peerjs'] as const) {
		const client = await connect(endpoint, roomA);
		await answersOrCloses(endpoint, client);
		expect(client.socket.readyState).toBe(WebSocket.OPEN);
		client.socket.terminate();
	}
	const response = await fetch(`http://${origin}/peerjs`);
	expect(response.status).toBe(404);
	expect(await response.text()).toBe('PeerJS is served over WebSocket only, at /peerjs/peerjs');
}

// Placeholders in generated frames, replaced per connection.
const own = '$OWN';
const otherRoom = '$OTHER_ROOM';
const absent = '$ABSENT';

function nested(depth: number, kind: 'array' | 'object' | 'mixed'): string {
	if (kind === 'array') return `${'['.repeat(depth)}${']'.repeat(depth)}`;
	if (kind === 'object') return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
	const levels = Array.from({ length: depth }, (_, i) => i % 2 === 0);
	return `${levels.map((isArray) => (isArray ? '[' : '{"k":')).join('')}0${levels
		.reverse()
		.map((isArray) => (isArray ? ']' : '}'))
		.join('')}`;
}

/** JSON value text, including what JSON.stringify would never write. */
const hostileValue: fc.Arbitrary<string> = fc.oneof(
	fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? 'null'),
	fc.constantFrom(
		'1e308',
		'-1e308',
		'1e400',
		'-0',
		'123456789012345678901234567890',
		'{"__proto__":{"polluted":true}}',
		'{"constructor":{"prototype":{"polluted":true}}}',
		'"\\ud800"',
		'[[[[[[[[]]]]]]]]'
	),
	fc
		.record({
			depth: fc.integer({ min: maxJsonDepth - 2, max: 50_000 }),
			kind: fc.constantFrom('array' as const, 'object' as const, 'mixed' as const)
		})
		.map(({ depth, kind }) => nested(depth, kind)),
	fc
		.integer({ min: maxSignalingFrameBytes - 2_000, max: maxSignalingFrameBytes + 2_000 })
		.map((length) => JSON.stringify('x'.repeat(length)))
);

const quoted = (text: string) => JSON.stringify(text);

const signalingFrame: fc.Arbitrary<string> = fc.oneof(
	fc
		.record({
			type: fc.constantFrom('subscribe', 'unsubscribe', 'publish', 'ping', 'pong', 'shout'),
			topic: fc.constantFrom(own, otherRoom, '', '__proto__', 'x'.repeat(300)),
			topics: fc.array(fc.constantFrom(own, otherRoom, '__proto__', ''), { maxLength: 20 }),
			data: hostileValue
		})
		.map(
			({ type, topic, topics, data }) =>
				`{"type":${quoted(type)},"topic":${quoted(topic)},"topics":${JSON.stringify(topics)},"data":${data},"__proto__":{"type":"ping"}}`
		),
	hostileValue
);

const peerFrame: fc.Arbitrary<string> = fc.oneof(
	fc
		.record({
			type: fc.constantFrom(
				'OFFER',
				'ANSWER',
				'CANDIDATE',
				'HEARTBEAT',
				'LEAVE',
				'EXPIRE',
				'OPEN',
				'ID-TAKEN',
				'ERROR'
			),
			dst: fc.constantFrom(own, absent, otherRoom, '', '__proto__', 'x'.repeat(200)),
			src: fc.constantFrom(otherRoom, absent, own),
			payload: hostileValue
		})
		.map(
			({ type, dst, src, payload }) =>
				`{"type":${quoted(type)},"dst":${quoted(dst)},"src":${quoted(src)},"payload":${payload},"__proto__":{"dst":"${otherRoom}"}}`
		),
	hostileValue
);

type Frame =
	| { kind: 'text'; text: string }
	| { kind: 'fragmented'; text: string; pieces: number }
	| { kind: 'binary'; bytes: Uint8Array }
	| { kind: 'invalid-utf8'; bytes: Uint8Array }
	| { kind: 'ping'; bytes: Uint8Array };

const framesFor = (text: fc.Arbitrary<string>): fc.Arbitrary<Frame> =>
	fc.oneof(
		{ weight: 6, arbitrary: text.map((text) => ({ kind: 'text' as const, text })) },
		text.chain((text) =>
			fc
				.integer({ min: 2, max: 5 })
				.map((pieces) => ({ kind: 'fragmented' as const, text, pieces }))
		),
		fc.uint8Array({ maxLength: 2048 }).map((bytes) => ({ kind: 'binary' as const, bytes })),
		fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => ({
			kind: 'invalid-utf8' as const,
			bytes: Uint8Array.of(0xff, ...bytes, 0xc0)
		})),
		fc.uint8Array({ maxLength: 125 }).map((bytes) => ({ kind: 'ping' as const, bytes }))
	);

const attack = fc.oneof(
	fc.record({
		endpoint: fc.constant('signal' as const),
		frames: fc.array(framesFor(signalingFrame), { minLength: 1, maxLength: 4 })
	}),
	fc.record({
		endpoint: fc.constant('peerjs' as const),
		frames: fc.array(framesFor(peerFrame), { minLength: 1, maxLength: 4 })
	})
);

function send(client: Client, frame: Frame, replace: (text: string) => string) {
	const { socket } = client;
	if (socket.readyState !== WebSocket.OPEN) return;
	switch (frame.kind) {
		case 'text':
			return socket.send(replace(frame.text));
		case 'fragmented': {
			const text = replace(frame.text);
			const size = Math.ceil(text.length / frame.pieces);
			for (let start = 0; start < text.length; start += size)
				socket.send(text.slice(start, start + size), { fin: start + size >= text.length });
			return;
		}
		case 'binary':
			return socket.send(frame.bytes, { binary: true });
		case 'invalid-utf8':
			return socket.send(frame.bytes, { binary: false });
		case 'ping':
			return socket.ping(frame.bytes);
	}
}

describe('hostile: random frames at /signal and /peerjs', () => {
	it(
		'never take the server down, leak to another room, or stop it answering others',
		async () => {
			// Watchers in another room: nothing any attacker sends may reach them.
			const watchers = {
				signal: await connect('signal', roomB),
				peerjs: await connect('peerjs', roomB)
			};
			watchers.signal.socket.send(
				JSON.stringify({ type: 'subscribe', topics: [signalingTopic(roomB)] })
			);
			// `peer` drops a connection that sends no heartbeat for 90 s.
			const heartbeat = setInterval(
				() => watchers.peerjs.socket.send(JSON.stringify({ type: 'HEARTBEAT' })),
				20_000
			);
			let done = 0;
			await fc.assert(
				fc.asyncProperty(attack, async ({ endpoint, frames }) => {
					const client = await connect(endpoint, roomA);
					const replace = (text: string) =>
						text
							.replaceAll(own, endpoint === 'signal' ? signalingTopic(roomA) : client.peerId)
							.replaceAll(
								otherRoom,
								endpoint === 'signal' ? signalingTopic(roomB) : watchers.peerjs.peerId
							)
							.replaceAll(absent, peerIdOf(roomA, randomUUID()));
					for (const frame of frames) send(client, frame, replace);
					await answersOrCloses(endpoint, client);
					client.socket.terminate();
					if (++done % livenessEvery === 0) await expectServerAnswers();
				}),
				{ numRuns: runs, interruptAfterTimeLimit: timeLimitMs }
			);
			await expectServerAnswers();
			expect(watchers.signal.inbox).toEqual([]);
			expect(watchers.peerjs.inbox).toEqual(['{"type":"OPEN"}']);
			expect(({} as Record<string, unknown>).polluted).toBeUndefined();
			clearInterval(heartbeat);
			for (const watcher of Object.values(watchers)) watcher.socket.terminate();
		},
		timeLimitMs + 60_000
	);

	it('answers a request whose target is not a URL with 400, drops such an upgrade, and goes on', async () => {
		for (const head of [
			'GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n',
			'GET http://[ HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
				'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n'
		]) {
			const client = connectTcp((server.address() as AddressInfo).port, '127.0.0.1');
			client.on('error', () => {});
			let response = '';
			client.on('data', (chunk) => (response += chunk));
			const ended = new Promise((resolve) => client.once('close', resolve));
			client.write(head);
			if (head.includes('Upgrade')) await ended;
			else await expect.poll(() => response).toMatch(/^HTTP\/1\.1 400 /);
			client.destroy();
		}
		await expectServerAnswers();
	});
});
