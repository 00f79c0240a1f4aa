import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { signalingTopic } from '../../../src/lib/protocol/signaling';
import { createTokenService, roomTokenTtlSeconds, type RoomGrant } from '../auth/tokens';
import { setLogLevel } from '../logger';
import { createSignalingServer } from './server';

setLogLevel('silent');

const tokens = createTokenService(randomBytes(32));
const roomA = randomUUID();
const roomB = randomUUID();

const grant = (roomId: string, name = 'Ada'): RoomGrant => ({
	participantId: randomUUID(),
	roomId,
	role: 'candidate',
	name
});

let server: Server;
let signaling: ReturnType<typeof createSignalingServer>;
let baseUrl: string;
let traceFile: string;
const sockets: WebSocket[] = [];

beforeEach(async () => {
	traceFile = join(mkdtempSync(join(tmpdir(), 'signal-trace-')), 'trace.log');
	signaling = createSignalingServer({
		verifyRoomToken: tokens.verifyRoomToken,
		traceFile,
		pingIntervalMs: 100
	});
	server = createServer((_req, res) => res.end());
	server.on('upgrade', (req, socket, head) => signaling.handleUpgrade(req, socket, head));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/signal`;
});

afterEach(async () => {
	for (const socket of sockets.splice(0)) socket.terminate();
	await signaling.close();
	await new Promise((resolve) => server.close(resolve));
});

/** Opens a connection; resolves with it once open, or rejects with the HTTP status. */
function connect(token?: string): Promise<WebSocket> {
	const socket = new WebSocket(token ? `${baseUrl}?token=${encodeURIComponent(token)}` : baseUrl);
	sockets.push(socket);
	return new Promise((resolve, reject) => {
		socket.once('open', () => resolve(socket));
		socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
		socket.once('error', reject);
	});
}

async function connectTo(roomId: string) {
	return connect(await tokens.signRoomToken(grant(roomId)));
}

function nextMessage(socket: WebSocket): Promise<Record<string, unknown>> {
	return new Promise((resolve) =>
		socket.once('message', (raw) => resolve(JSON.parse(raw.toString())))
	);
}

function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
	return new Promise((resolve) =>
		socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
	);
}

const send = (socket: WebSocket, message: object) => socket.send(JSON.stringify(message));

/** Two participants of `roomId`, both subscribed to its topic. */
async function subscribedPair(roomId: string) {
	const [a, b] = await Promise.all([connectTo(roomId), connectTo(roomId)]);
	for (const socket of [a, b])
		send(socket, { type: 'subscribe', topics: [signalingTopic(roomId)] });
	// A ping round trip proves the subscribe before it was processed.
	for (const socket of [a, b]) {
		send(socket, { type: 'ping' });
		expect(await nextMessage(socket)).toEqual({ type: 'pong' });
	}
	return [a, b] as const;
}

async function expectRelayStillWorks(roomId = roomA) {
	const [a, b] = await subscribedPair(roomId);
	const received = nextMessage(b);
	send(a, { type: 'publish', topic: signalingTopic(roomId), data: 'ciphertext' });
	expect(await received).toEqual({
		type: 'publish',
		topic: signalingTopic(roomId),
		data: 'ciphertext',
		clients: 2
	});
}

describe('signaling server', () => {
	it('relays a publish to every subscriber of the room, with the subscriber count', async () => {
		await expectRelayStillWorks();
		expect(signaling.stats()).toEqual({ connections: 2, topics: 1 });
	});

	it('keeps rooms apart', async () => {
		const [a] = await subscribedPair(roomA);
		const [, other] = await subscribedPair(roomB);
		let leaked = false;
		other.on('message', (raw) => (leaked ||= raw.toString().includes('publish')));
		const echoed = nextMessage(a);
		send(a, { type: 'publish', topic: signalingTopic(roomA), data: 'x' });
		await echoed;
		send(other, { type: 'ping' });
		await nextMessage(other);
		expect(leaked).toBe(false);
	});

	describe('refuses the upgrade with 401', () => {
		it('without a token', async () => {
			await expect(connect()).rejects.toThrow('HTTP 401');
		});

		it('with a token signed by another key', async () => {
			const forged = await createTokenService(randomBytes(32)).signRoomToken(grant(roomA));
			await expect(connect(forged)).rejects.toThrow('HTTP 401');
		});

		it('with a garbage token', async () => {
			await expect(connect('not.a.jwt')).rejects.toThrow('HTTP 401');
		});

		it('with an expired token', async () => {
			const past = () => new Date(Date.now() - (roomTokenTtlSeconds + 60) * 1000);
			const expired = await createTokenService(randomBytes(32), past).signRoomToken(grant(roomA));
			await expect(connect(expired)).rejects.toThrow('HTTP 401');
		});

		it('with a session token instead of a room token', async () => {
			const session = await tokens.signSession({ id: randomUUID(), email: 'a@b.c', name: 'A' });
			await expect(connect(session)).rejects.toThrow('HTTP 401');
		});

		afterEach(() => expectRelayStillWorks());
	});

	describe('closes the connection and keeps serving others', () => {
		const cases: [string, (socket: WebSocket) => void, number][] = [
			['on malformed JSON', (socket) => socket.send('{"type": "subscribe",'), 1003],
			['on an unknown message type', (socket) => send(socket, { type: 'shout' }), 1008],
			[
				'on a message of the wrong shape',
				(socket) => send(socket, { type: 'subscribe', topics: 'all' }),
				1008
			],
			['on a binary frame', (socket) => socket.send(Buffer.from([1, 2, 3])), 1003],
			[
				'on a subscribe to another room',
				(socket) => send(socket, { type: 'subscribe', topics: [signalingTopic(roomB)] }),
				1008
			],
			[
				'on a subscribe that names its own and another room',
				(socket) =>
					send(socket, {
						type: 'subscribe',
						topics: [signalingTopic(roomA), signalingTopic(roomB)]
					}),
				1008
			],
			[
				'on a publish to another room',
				(socket) => send(socket, { type: 'publish', topic: signalingTopic(roomB), data: 'x' }),
				1008
			],
			[
				'on a frame over 64 KB',
				(socket) =>
					send(socket, { type: 'publish', topic: signalingTopic(roomA), data: 'x'.repeat(70_000) }),
				1009
			]
		];

		for (const [name, misbehave, expectedCode] of cases) {
			it(name, async () => {
				const socket = await connectTo(roomA);
				const closing = closed(socket);
				misbehave(socket);
				expect((await closing).code).toBe(expectedCode);
				await expectRelayStillWorks();
			});
		}
	});

	it('does not let a rejected subscriber receive the room', async () => {
		const intruder = await connectTo(roomB);
		const closing = closed(intruder);
		send(intruder, { type: 'subscribe', topics: [signalingTopic(roomA)] });
		await closing;
		expect(signaling.stats().topics).toBe(0);
	});

	it('forgets a closed subscriber', async () => {
		const [a, b] = await subscribedPair(roomA);
		const c = await connectTo(roomA);
		send(c, { type: 'subscribe', topics: [signalingTopic(roomA)] });
		send(c, { type: 'ping' });
		await nextMessage(c);
		const gone = closed(c);
		c.close();
		await gone;
		await expect.poll(() => signaling.stats().connections).toBe(2);
		const received = nextMessage(b);
		send(a, { type: 'publish', topic: signalingTopic(roomA), data: 'x' });
		expect((await received).clients).toBe(2);
	});

	it('closes a connection when its token expires', async () => {
		const expiresSoon = createTokenService(
			randomBytes(32),
			() => new Date(Date.now() - (roomTokenTtlSeconds - 1) * 1000)
		);
		const shortLived = createSignalingServer({ verifyRoomToken: expiresSoon.verifyRoomToken });
		const local = createServer();
		local.on('upgrade', (req, socket, head) => shortLived.handleUpgrade(req, socket, head));
		await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
		try {
			const token = await expiresSoon.signRoomToken(grant(roomA));
			const socket = new WebSocket(
				`ws://127.0.0.1:${(local.address() as AddressInfo).port}/signal?token=${token}`
			);
			sockets.push(socket);
			const result = await closed(socket);
			expect(result).toEqual({ code: 1008, reason: 'token expired' });
		} finally {
			await shortLived.close();
			await new Promise((resolve) => local.close(resolve));
		}
	});

	it('terminates a connection that stops answering pings', async () => {
		const socket = await connectTo(roomA);
		// Kludge: ws answers pings automatically; silencing the pong imitates a dead peer.
		(socket as unknown as { pong: () => void }).pong = () => {};
		const result = await closed(socket);
		expect(result.code).toBe(1006);
		await expect.poll(() => signaling.stats().connections).toBe(0);
	});

	it('traces received frames, one JSON line each, when a trace file is set', async () => {
		await expectRelayStillWorks();
		await signaling.close();
		const lines = readFileSync(traceFile, 'utf8')
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line));
		expect(lines.some((line) => line.room === roomA && line.frame.includes('"publish"'))).toBe(
			true
		);
		expect(lines.every((line) => typeof line.at === 'string')).toBe(true);
	});
});
