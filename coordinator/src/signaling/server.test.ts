import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { maxSignalingFrameBytes, signalingTopic } from '../../../src/lib/protocol/signaling';
import { generateRoomSigningKey } from '../auth/room-signing-key';
import {
	createTokenService,
	InvalidTokenError,
	roomTokenTtlSeconds,
	type RoomGrant
} from '../auth/tokens';
import { maxBufferedBytes } from '../http/participant-socket';
import { setLogLevel } from '../../../server-common/logger';
import { maskedTextFrame, rawUpgrade } from '../test-support/raw-upgrade';
import { resumeReading, stopReading } from '../test-support/slow-reader';
import { captureWarnings, serveUpgrades } from '../test-support/upgrade-server';
import { createSignalingServer } from './server';

const secret = randomBytes(32);
const roomKey = generateRoomSigningKey();
const tokens = createTokenService(secret, undefined, roomKey);
const roomA = randomUUID();
const roomB = randomUUID();
const pingIntervalMs = 100;

const grant = (roomId: string, name = 'Ada'): RoomGrant => ({
	participantId: randomUUID(),
	roomId,
	role: 'candidate',
	name,
	colorIndex: 1
});

/** A token service with the same key whose clock runs `seconds` behind. */
const signedSecondsAgo = (seconds: number) =>
	createTokenService(secret, () => new Date(Date.now() - seconds * 1000), roomKey);

let server: Server;
let signaling: ReturnType<typeof createSignalingServer>;
let baseUrl: string;
let traceFile: string;
let warnings: string[];
const sockets: WebSocket[] = [];

beforeEach(async () => {
	warnings = captureWarnings();
	traceFile = join(mkdtempSync(join(tmpdir(), 'signal-trace-')), 'trace.log');
	signaling = createSignalingServer({
		verifyRoomToken: tokens.verifyRoomToken,
		traceFile,
		pingIntervalMs
	});
	server = await serveUpgrades(signaling);
	baseUrl = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/signal`;
});

afterEach(async () => {
	for (const socket of sockets.splice(0)) socket.terminate();
	await signaling.close();
	await new Promise((resolve) => server.close(resolve));
	vi.restoreAllMocks();
	setLogLevel('silent');
});

/** Opens a connection; resolves with it once open, or rejects with the HTTP status. */
function connect(token?: string, options?: WebSocket.ClientOptions): Promise<WebSocket> {
	const url = token ? `${baseUrl}?token=${encodeURIComponent(token)}` : baseUrl;
	const socket = new WebSocket(url, options);
	sockets.push(socket);
	return new Promise((resolve, reject) => {
		socket.once('open', () => resolve(socket));
		socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
		socket.once('error', reject);
	});
}

async function connectTo(roomId: string, options?: WebSocket.ClientOptions) {
	return connect(await tokens.signRoomToken(grant(roomId)), options);
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

const expectLogged = (text: string) =>
	expect.poll(() => warnings.some((line) => line.includes(text))).toBe(true);

/** Two participants of `roomId`, both subscribed to its topic. */
async function subscribedPair(roomId: string) {
	const [a, b] = await Promise.all([connectTo(roomId), connectTo(roomId)]);
	for (const socket of [a, b])
		send(socket, { type: 'subscribe', topics: [signalingTopic(roomId)] });
	// Frames are handled in order, so the pong proves the subscribe was processed.
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
	it('relays a publish to every subscriber of the room, sender included, with the count', async () => {
		const [a, b] = await subscribedPair(roomA);
		const toA = nextMessage(a);
		const toB = nextMessage(b);
		send(a, { type: 'publish', topic: signalingTopic(roomA), data: { to: 'b' } });
		const relayed = {
			type: 'publish',
			topic: signalingTopic(roomA),
			data: { to: 'b' },
			clients: 2
		};
		expect(await toA).toEqual(relayed);
		expect(await toB).toEqual(relayed);
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

	describe('refuses the upgrade with 401 and logs it', () => {
		it('without a token', async () => {
			await expect(connect()).rejects.toThrow('HTTP 401');
			await expectLogged('upgrade refused: no token');
		});

		it('with a token signed by another key', async () => {
			const forged = await createTokenService(randomBytes(32)).signRoomToken(grant(roomA));
			await expect(connect(forged)).rejects.toThrow('HTTP 401');
			await expectLogged('upgrade refused: Token is invalid');
		});

		it('with a garbage token', async () => {
			await expect(connect('not.a.jwt')).rejects.toThrow('HTTP 401');
			await expectLogged('upgrade refused: Token is invalid');
		});

		it('with an expired token', async () => {
			const expired = await signedSecondsAgo(roomTokenTtlSeconds + 60).signRoomToken(grant(roomA));
			await expect(connect(expired)).rejects.toThrow('HTTP 401');
			await expectLogged('upgrade refused: Token has expired');
		});

		it('with a session token instead of a room token', async () => {
			const session = await tokens.signSession({ id: randomUUID(), email: 'a@b.c', name: 'A' });
			await expect(connect(session)).rejects.toThrow('HTTP 401');
			await expectLogged('upgrade refused: Token is invalid');
		});

		it('with a complete response, then closes the socket from its side', async () => {
			const { client, received } = await rawUpgrade(server, '/signal?token=not.a.jwt');
			// 'end' means the server sent FIN; the client never closes first.
			await new Promise((resolve) => client.once('end', resolve));
			expect(received()).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
			expect(received().endsWith('\r\n\r\nToken is invalid')).toBe(true);
			client.destroy();
		});

		afterEach(() => expectRelayStillWorks());
	});

	describe('closes the connection, logs it and keeps serving others', () => {
		const cases: [string, (socket: WebSocket) => void, number, string][] = [
			[
				'on malformed JSON',
				(socket) => socket.send('{"type": "subscribe",'),
				1003,
				'frame is not JSON'
			],
			[
				'on an unknown message type',
				(socket) => send(socket, { type: 'shout' }),
				1008,
				'frame is not a signaling message'
			],
			[
				'on a message of the wrong shape',
				(socket) => send(socket, { type: 'subscribe', topics: 'all' }),
				1008,
				'frame is not a signaling message'
			],
			[
				'on a binary frame',
				(socket) => socket.send(Buffer.from([1, 2, 3])),
				1003,
				'binary frames are not accepted'
			],
			[
				'on a subscribe to another room',
				(socket) => send(socket, { type: 'subscribe', topics: [signalingTopic(roomB)] }),
				1008,
				'topic is not this room'
			],
			[
				'on a subscribe that names its own and another room',
				(socket) =>
					send(socket, {
						type: 'subscribe',
						topics: [signalingTopic(roomA), signalingTopic(roomB)]
					}),
				1008,
				'topic is not this room'
			],
			[
				'on an unsubscribe from another room',
				(socket) => send(socket, { type: 'unsubscribe', topics: [signalingTopic(roomB)] }),
				1008,
				'topic is not this room'
			],
			[
				'on a publish to another room',
				(socket) => send(socket, { type: 'publish', topic: signalingTopic(roomB), data: 'x' }),
				1008,
				'topic is not this room'
			],
			[
				'on a frame over 64 KiB',
				(socket) =>
					send(socket, { type: 'publish', topic: signalingTopic(roomA), data: 'x'.repeat(70_000) }),
				1009,
				'connection error: Max payload size exceeded'
			]
		];

		for (const [name, misbehave, expectedCode, logLine] of cases) {
			it(name, async () => {
				const socket = await connectTo(roomA);
				const closing = closed(socket);
				misbehave(socket);
				expect((await closing).code).toBe(expectedCode);
				await expectLogged(logLine);
				await expectRelayStillWorks();
			});
		}
	});

	it('does not let a rejected subscriber receive the room', async () => {
		const intruder = await connectTo(roomB);
		const closing = closed(intruder);
		send(intruder, { type: 'subscribe', topics: [signalingTopic(roomA)] });
		expect(await closing).toEqual({ code: 1008, reason: 'topic is not this room' });
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
		for (const socket of [a, b]) socket.close();
		await expect.poll(() => signaling.stats()).toEqual({ connections: 0, topics: 0 });
	});

	it('closes a connection when its token expires and then refuses that token', async () => {
		// Two seconds short of the TTL: valid now, expired within two seconds.
		const token = await signedSecondsAgo(roomTokenTtlSeconds - 2).signRoomToken(grant(roomA));
		const socket = await connect(token);
		expect(await closed(socket)).toEqual({ code: 1008, reason: 'token expired' });
		await expect(connect(token)).rejects.toThrow('HTTP 401');
		await expectLogged('upgrade refused: Token has expired');
	});

	it('terminates a connection that stops answering pings', async () => {
		const socket = await connectTo(roomA, { autoPong: false });
		const result = await closed(socket);
		expect(result.code).toBe(1006);
		await expect.poll(() => signaling.stats().connections).toBe(0);
	});

	it('keeps a connection that answers pings', async () => {
		const socket = await connectTo(roomA);
		await new Promise((resolve) => setTimeout(resolve, pingIntervalMs * 4));
		expect(socket.readyState).toBe(WebSocket.OPEN);
	});

	it('traces received text frames, one JSON line each, when a trace file is set', async () => {
		const socket = await connectTo(roomA);
		const frames = [
			JSON.stringify({ type: 'subscribe', topics: [signalingTopic(roomA)] }),
			JSON.stringify({ type: 'publish', topic: signalingTopic(roomA), data: 'ciphertext' })
		];
		for (const frame of frames) socket.send(frame);
		await nextMessage(socket);
		await signaling.close();
		const lines = readFileSync(traceFile, 'utf8')
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line));
		expect(lines.map((line) => line.frame)).toEqual(frames);
		expect(lines.every((line) => line.room === roomA)).toBe(true);
		expect(lines.every((line) => !Number.isNaN(Date.parse(line.at)))).toBe(true);
	});

	it('survives a client that resets the connection while its token is being checked', async () => {
		let release = () => {};
		const held = new Promise<void>((resolve) => (release = resolve));
		let verifying = false;
		const slow = createSignalingServer({
			verifyRoomToken: async (token) => {
				verifying = true;
				await held;
				return tokens.verifyRoomToken(token);
			}
		});
		const http = await serveUpgrades(slow);
		try {
			const token = await tokens.signRoomToken(grant(roomA));
			const { client } = await rawUpgrade(http, `/signal?token=${token}`);
			await expect.poll(() => verifying).toBe(true);
			client.resetAndDestroy();
			// Without an error listener on the socket, this reset was an uncaught exception.
			await expectLogged('upgrade aborted: read ECONNRESET');
			release();
			await expect.poll(() => slow.stats().connections).toBe(0);
		} finally {
			release();
			await slow.close();
			await new Promise((resolve) => http.close(resolve));
		}
		await expectRelayStillWorks();
	});

	it('close() terminates every connection and refuses new ones', async () => {
		const [a, b] = await subscribedPair(roomA);
		const bothClosed = Promise.all([closed(a), closed(b)]);
		await signaling.close();
		await bothClosed;
		expect(signaling.stats()).toEqual({ connections: 0, topics: 0 });
		await expect(connectTo(roomA)).rejects.toThrow('HTTP 503');
		await expect(signaling.close()).resolves.toBeUndefined();
	});
});

describe('closing the connections of grants that no longer hold', () => {
	it('closeWhere closes the matching open connections (1008) and no others', async () => {
		const mine = grant(roomA);
		const [a, b] = [await connect(await tokens.signRoomToken(mine)), await connectTo(roomA)];
		const closing = closed(a);
		const count = signaling.closeWhere(
			(of) => of.participantId === mine.participantId,
			'observer link revoked'
		);
		expect(count).toBe(1);
		expect(await closing).toEqual({ code: 1008, reason: 'observer link revoked' });
		send(b, { type: 'ping' });
		expect(await nextMessage(b)).toEqual({ type: 'pong' });
	});

	it('checks the grant again once admitted, so a revocation during the handshake is not missed', async () => {
		const checked = new Set<string>();
		// The first check passes; by the second (after the handshake) the link was revoked.
		const racing = createSignalingServer({
			verifyRoomToken: async (token) => {
				const holder = await tokens.verifyRoomToken(token);
				if (checked.has(token)) throw new InvalidTokenError('observer link revoked');
				checked.add(token);
				return holder;
			}
		});
		const http = await serveUpgrades(racing);
		try {
			const token = await tokens.signRoomToken(grant(roomA));
			const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/signal?token=${token}`;
			const socket = new WebSocket(url);
			sockets.push(socket);
			expect(await closed(socket)).toEqual({ code: 1008, reason: 'observer link revoked' });
		} finally {
			await racing.close();
			await new Promise((resolve) => http.close(resolve));
		}
	});
});

describe('hostile: signaling frames that nest too deep', () => {
	const deepFrames: [string, string][] = [
		['20,000 nested arrays', `${'['.repeat(20_000)}${']'.repeat(20_000)}`],
		['12,000 nested objects', `${'{"":'.repeat(12_000)}1${'}'.repeat(12_000)}`]
	];
	for (const [name, data] of deepFrames) {
		it(`closes a connection that publishes ${name} (1009) before relaying anything`, async () => {
			const [a, b] = await subscribedPair(roomA);
			let relayed = false;
			b.on('message', (raw) => (relayed ||= raw.toString().includes('publish')));
			const closing = closed(a);
			a.send(`{"type":"publish","topic":"${signalingTopic(roomA)}","data":${data}}`);
			expect(await closing).toEqual({ code: 1009, reason: 'frame nests too deep' });
			await expectLogged('frame nests too deep');
			send(b, { type: 'ping' });
			expect(await nextMessage(b)).toEqual({ type: 'pong' });
			expect(relayed).toBe(false);
			await expectRelayStillWorks(roomB);
		});
	}
});

describe('hostile: frames sent along with the upgrade request', () => {
	it('are read once the token is checked, in order', async () => {
		const token = await tokens.signRoomToken(grant(roomA));
		const head = maskedTextFrame(JSON.stringify({ type: 'ping' }));
		const { client, received } = await rawUpgrade(server, `/signal?token=${token}`, head);
		await expect.poll(received).toMatch(/^HTTP\/1\.1 101 [^]*\{"type":"pong"\}$/);
		client.destroy();
	});

	it('close only that connection when they nest too deep (1009)', async () => {
		const token = await tokens.signRoomToken(grant(roomA));
		const nested = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
		const head = maskedTextFrame(
			`{"type":"publish","topic":"${signalingTopic(roomA)}","data":${nested}}`
		);
		const { client, received } = await rawUpgrade(server, `/signal?token=${token}`, head);
		// A close frame: 0x88, its length, then the code 1009 (0x03f1) and the reason.
		// A close frame's bytes: code 1009 (\x03\xf1) and its reason.
		// eslint-disable-next-line no-control-regex
		await expect.poll(received).toMatch(/\x88.\x03\xf1frame nests too deep$/);
		client.destroy();
		await expectRelayStillWorks();
	});

	it('are dropped with a refused upgrade', async () => {
		const head = maskedTextFrame(JSON.stringify({ type: 'ping' }));
		const { client, received } = await rawUpgrade(server, '/signal?token=not.a.jwt', head);
		await new Promise((resolve) => client.once('end', resolve));
		expect(received()).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n[^]*Token is invalid$/);
		client.destroy();
		await expectRelayStillWorks();
	});
});

describe('hostile: a subscriber that stops reading', () => {
	beforeEach(async () => {
		// Pings every 100 ms would drop the stalled reader, and the busy flooder, before the cap.
		await signaling.close();
		await new Promise((resolve) => server.close(resolve));
		signaling = createSignalingServer({ verifyRoomToken: tokens.verifyRoomToken });
		server = await serveUpgrades(signaling);
		baseUrl = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/signal`;
	});

	it('is closed with 1013 once over the buffer cap, and the server buffers stay bounded', async () => {
		const [flooder, slow] = await subscribedPair(roomA);
		stopReading(slow);
		const bulky = JSON.stringify({
			type: 'publish',
			topic: signalingTopic(roomA),
			data: 'x'.repeat(maxSignalingFrameBytes - 1024)
		});
		let echoes = 0;
		flooder.on('message', () => echoes++);
		let mostBuffered = 0;
		let slowClosed = false;
		// Loopback TCP buffers take several MB before anything stays queued in the server.
		for (let batch = 1; batch <= 60 && !slowClosed; batch++) {
			for (let i = 0; i < 20; i++) flooder.send(bulky);
			// The sender gets its own publishes back: once it has, the batch was relayed.
			await expect.poll(() => echoes, { timeout: 10_000 }).toBe(batch * 20);
			mostBuffered = Math.max(mostBuffered, signaling.bufferedBytes());
			slowClosed = warnings.some((line) => line.includes('not reading fast enough'));
		}
		expect(slowClosed).toBe(true);
		expect(mostBuffered).toBeLessThanOrEqual(maxBufferedBytes + 2 * maxSignalingFrameBytes);
		const closing = closed(slow);
		resumeReading(slow);
		expect(await closing).toEqual({ code: 1013, reason: 'not reading fast enough' });
		await expectRelayStillWorks(roomB);
	});
});
