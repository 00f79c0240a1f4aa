import { randomBytes, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExpressPeerServer } from 'peer';
import { WebSocket, WebSocketServer } from 'ws';
import { maxPeerFrameBytes, peerIdOf } from '../../../src/lib/protocol/video';
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
import { absentPeerLimits } from './absent-peer-frames';
import { createPeerServer, type PeerServerOptions } from './peer-server';

const secret = randomBytes(32);
const roomKey = generateRoomSigningKey();
const tokens = createTokenService(secret, undefined, roomKey);
const roomA = randomUUID();
const roomB = randomUUID();

const grant = (roomId: string): RoomGrant => ({
	participantId: randomUUID(),
	roomId,
	role: 'candidate',
	name: 'Ada',
	colorIndex: 1
});
const peerIdFor = (of: RoomGrant) => peerIdOf(of.roomId, of.participantId);

let server: Server;
let peers: ReturnType<typeof createPeerServer>;
let baseUrl: string;
let warnings: string[];
const sockets: WebSocket[] = [];
/** Messages each socket received and nobody has taken yet; PeerJS sends OPEN right away. */
const inboxes = new WeakMap<WebSocket, Record<string, unknown>[]>();

beforeEach(async () => {
	warnings = captureWarnings();
	peers = createPeerServer({ verifyRoomToken: tokens.verifyRoomToken });
	server = await serveUpgrades(peers);
	baseUrl = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/peerjs/peerjs`;
});

afterEach(async () => {
	for (const socket of sockets.splice(0)) socket.terminate();
	await peers.close();
	await new Promise((resolve) => server.close(resolve));
	vi.restoreAllMocks();
	setLogLevel('silent');
});

/** Replaces this test's PeerJS server by one made with `options`. */
async function restartWith(options: Partial<PeerServerOptions>) {
	await peers.close();
	await new Promise((resolve) => server.close(resolve));
	peers = createPeerServer({ verifyRoomToken: tokens.verifyRoomToken, ...options });
	server = await serveUpgrades(peers);
	baseUrl = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/peerjs/peerjs`;
}

/** Opens a connection with this raw query; resolves once open, or rejects with the HTTP status. */
function connectWith(query: string): Promise<WebSocket> {
	const socket = new WebSocket(`${baseUrl}?${query}`);
	sockets.push(socket);
	const inbox: Record<string, unknown>[] = [];
	inboxes.set(socket, inbox);
	socket.on('message', (raw) => inbox.push(JSON.parse(raw.toString())));
	return new Promise((resolve, reject) => {
		socket.once('open', () => resolve(socket));
		socket.once('unexpected-response', (_req, res) => {
			let body = '';
			res.on('data', (chunk) => (body += chunk));
			res.on('end', () => reject(new Error(`HTTP ${res.statusCode}: ${body}`)));
		});
		socket.once('error', reject);
	});
}

/** Connects as a PeerJS client does: `key`, `id`, `token` and `version` in the query. */
function connect(id: string, token: string) {
	const query = new URLSearchParams({ key: 'peerjs', id, token, version: '1.5.5' });
	return connectWith(query.toString());
}

async function nextMessage(socket: WebSocket): Promise<Record<string, unknown>> {
	const inbox = inboxes.get(socket)!;
	await expect.poll(() => inbox.length).toBeGreaterThan(0);
	return inbox.shift()!;
}

function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
	return new Promise((resolve) =>
		socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
	);
}

/** A participant of `roomId` whose connection PeerJS has opened. */
async function admitted(roomId: string, of = grant(roomId)) {
	const socket = await connect(peerIdFor(of), await tokens.signRoomToken(of));
	expect(await nextMessage(socket)).toEqual({ type: 'OPEN' });
	return { socket, id: peerIdFor(of) };
}

const offer = (dst: string) => ({
	type: 'OFFER',
	dst,
	payload: { sdp: { type: 'offer', sdp: 'v=0' }, type: 'media', connectionId: 'mc_1' }
});

const send = (socket: WebSocket, message: object) => socket.send(JSON.stringify(message));

async function expectRelayStillWorks() {
	const [a, b] = [await admitted(roomA), await admitted(roomA)];
	const received = nextMessage(b.socket);
	send(a.socket, offer(b.id));
	expect(await received).toEqual({ ...offer(b.id), src: a.id });
}

const expectLogged = (text: string) =>
	expect.poll(() => warnings.some((line) => line.includes(text))).toBe(true);

describe('PeerJS server', () => {
	it('admits a room token with the peer id issued for it, and relays offers in the room', async () => {
		await expectRelayStillWorks();
		expect(peers.stats().connections).toBe(2);
	});

	it('refuses a token signed with another key', async () => {
		const forger = createTokenService(randomBytes(32));
		const of = grant(roomA);
		await expect(connect(peerIdFor(of), await forger.signRoomToken(of))).rejects.toThrow(
			'HTTP 401: Token is invalid'
		);
		await expectLogged('upgrade refused: Token is invalid');
	});

	it("refuses someone else's peer id, even of the same room", async () => {
		const mine = grant(roomA);
		const theirs = grant(roomA);
		await expect(connect(peerIdFor(theirs), await tokens.signRoomToken(mine))).rejects.toThrow(
			'HTTP 403: This peer id was not issued with this room token'
		);
		// The participant id alone, without the room, is not the issued id either.
		await expect(connect(mine.participantId, await tokens.signRoomToken(mine))).rejects.toThrow(
			'HTTP 403'
		);
	});

	it('refuses an expired token', async () => {
		const of = grant(roomA);
		const past = createTokenService(
			secret,
			() => new Date(Date.now() - (roomTokenTtlSeconds + 60) * 1000),
			roomKey
		);
		await expect(connect(peerIdFor(of), await past.signRoomToken(of))).rejects.toThrow(
			'HTTP 401: Token has expired'
		);
	});

	const badQueries: [string, (id: string, token: string) => string][] = [
		['nothing', () => ''],
		['no token', (id) => `key=peerjs&id=${id}`],
		['no id', (_id, token) => `key=peerjs&token=${token}`],
		['another key', (id, token) => `key=other&id=${id}&token=${token}`],
		['an id too long', (_id, token) => `key=peerjs&id=${'x'.repeat(500)}&token=${token}`],
		['an empty id', (_id, token) => `key=peerjs&id=&token=${token}`]
	];
	for (const [name, query] of badQueries) {
		it(`refuses a query with ${name} with 400`, async () => {
			const of = grant(roomA);
			await expect(
				connectWith(query(peerIdFor(of), await tokens.signRoomToken(of)))
			).rejects.toThrow('HTTP 400: Expected ?key=peerjs&id=<issued peer id>&token=<room token>');
		});
	}

	it('refuses a token that is not a JWT with 401', async () => {
		await expect(connect(peerIdFor(grant(roomA)), 'not-a-jwt')).rejects.toThrow('HTTP 401');
	});

	it('closes a connection that addresses a peer of another room, without relaying', async () => {
		const a = await admitted(roomA);
		const b = await admitted(roomB);
		const closing = closed(a.socket);
		send(a.socket, offer(b.id));
		expect(await closing).toEqual({ code: 1008, reason: 'destination is not in this room' });
		// An offer sent after the bad one arrives first: b got nothing from a.
		const probe = await admitted(roomB);
		send(probe.socket, offer(b.id));
		expect((await nextMessage(b.socket)).src).toBe(probe.id);
		await expectRelayStillWorks();
	});

	const badFrames: [string, (socket: WebSocket) => void, number, string][] = [
		['text that is not JSON', (socket) => socket.send('{oops'), 1003, 'frame is not JSON'],
		['JSON null', (socket) => socket.send('null'), 1008, 'frame is not a PeerJS message'],
		[
			'an unknown type',
			(socket) => send(socket, { type: 'ID-TAKEN', dst: 'x' }),
			1008,
			'frame is not a PeerJS message'
		],
		[
			'an offer without a destination',
			(socket) => send(socket, { type: 'OFFER', payload: {} }),
			1008,
			'frame is not a PeerJS message'
		],
		[
			'a binary frame',
			(socket) => socket.send(Buffer.from([1, 2, 3])),
			1003,
			'binary frames are not accepted'
		]
	];
	for (const [name, misbehave, code, reason] of badFrames) {
		it(`closes a connection that sends ${name}, and keeps serving others`, async () => {
			const { socket } = await admitted(roomA);
			const closing = closed(socket);
			misbehave(socket);
			expect(await closing).toEqual({ code, reason });
			await expectLogged(reason);
			await expectRelayStillWorks();
		});
	}

	it('keeps heartbeats to itself', async () => {
		const { socket } = await admitted(roomA);
		send(socket, { type: 'HEARTBEAT' });
		await expectRelayStillWorks();
		expect(socket.readyState).toBe(WebSocket.OPEN);
	});

	it('closes a connection when its token expires', async () => {
		const of = grant(roomA);
		const almostExpired = createTokenService(
			secret,
			() => new Date(Date.now() - (roomTokenTtlSeconds - 2) * 1000),
			roomKey
		);
		const socket = await connect(peerIdFor(of), await almostExpired.signRoomToken(of));
		expect(await closed(socket)).toEqual({ code: 1008, reason: 'token expired' });
	});

	it('lets a returning peer with a fresh token replace its old connection', async () => {
		const of = grant(roomA);
		const first = await admitted(roomA, of);
		const firstClosed = closed(first.socket);
		// A token issued a second later differs from the first, as after a new join.
		const later = createTokenService(secret, () => new Date(Date.now() + 1000), roomKey);
		const second = await connect(peerIdFor(of), await later.signRoomToken(of));
		expect(await nextMessage(second)).toEqual({ type: 'OPEN' });
		await firstClosed;
		const caller = await admitted(roomA);
		const received = nextMessage(second);
		send(caller.socket, offer(first.id));
		expect((await received).src).toBe(caller.id);
	});

	it('close() terminates every connection and refuses new ones', async () => {
		const { socket } = await admitted(roomA);
		const closing = closed(socket);
		await peers.close();
		await closing;
		expect(peers.stats().connections).toBe(0);
		const of = grant(roomA);
		await expect(connect(peerIdFor(of), await tokens.signRoomToken(of))).rejects.toThrow(
			'HTTP 503'
		);
	});
});

describe('closing the connections of grants that no longer hold', () => {
	it('closeWhere closes the matching open connections (1008) and no others', async () => {
		const [a, b] = [await admitted(roomA), await admitted(roomA)];
		const closing = closed(a.socket);
		const count = peers.closeWhere((of) => peerIdFor(of) === a.id, 'observer link revoked');
		expect(count).toBe(1);
		expect(await closing).toEqual({ code: 1008, reason: 'observer link revoked' });
		expect(b.socket.readyState).toBe(WebSocket.OPEN);
		await expectRelayStillWorks();
	});

	it('checks the grant again once admitted, so a revocation during the handshake is not missed', async () => {
		const checked = new Set<string>();
		// The first check passes; by the second (after the handshake) the link was revoked.
		await restartWith({
			verifyRoomToken: async (token) => {
				const holder = await tokens.verifyRoomToken(token);
				if (checked.has(token)) throw new InvalidTokenError('observer link revoked');
				checked.add(token);
				return holder;
			}
		});
		const of = grant(roomA);
		const socket = await connect(peerIdFor(of), await tokens.signRoomToken(of));
		expect(await closed(socket)).toEqual({ code: 1008, reason: 'observer link revoked' });
	});
});

describe('hostile: the upgrade itself', () => {
	const target = (of: RoomGrant, token: string) =>
		`/peerjs/peerjs?key=peerjs&id=${peerIdFor(of)}&token=${token}`;

	it('survives a client that resets the connection while its token is being checked', async () => {
		let release = () => {};
		const held = new Promise<void>((resolve) => (release = resolve));
		let verifying = false;
		await restartWith({
			verifyRoomToken: async (token) => {
				verifying = true;
				await held;
				return tokens.verifyRoomToken(token);
			}
		});
		const of = grant(roomA);
		const { client } = await rawUpgrade(server, target(of, await tokens.signRoomToken(of)));
		await expect.poll(() => verifying).toBe(true);
		client.resetAndDestroy();
		await expectLogged('upgrade aborted: read ECONNRESET');
		release();
		await expect.poll(() => peers.stats().connections).toBe(0);
		await expectRelayStillWorks();
	});

	it('reads frames sent along with the upgrade request once the token is checked', async () => {
		const of = grant(roomA);
		const head = maskedTextFrame(JSON.stringify(offer(peerIdFor(of))));
		const { client, received } = await rawUpgrade(
			server,
			target(of, await tokens.signRoomToken(of)),
			head
		);
		await expect.poll(received).toMatch(/^HTTP\/1\.1 101 [^]*\{"type":"OPEN"\}[^]*"type":"OFFER"/);
		client.destroy();
	});
});

describe('hostile: PeerJS frames that used to reach the process', () => {
	const deepFrames: [string, string][] = [
		['20,000 nested arrays', `${'['.repeat(20_000)}${']'.repeat(20_000)}`],
		['12,000 nested objects', `${'{"":'.repeat(12_000)}1${'}'.repeat(12_000)}`]
	];
	for (const [name, payload] of deepFrames) {
		it(`closes a connection whose offer carries ${name} (1009), and keeps relaying`, async () => {
			const [a, b] = [await admitted(roomA), await admitted(roomA)];
			const closing = closed(a.socket);
			// Under the 64 KB cap: a JSON.stringify of it overflowed the stack inside the listener.
			a.socket.send(`{"type":"OFFER","dst":"${b.id}","payload":${payload}}`);
			expect(await closing).toEqual({ code: 1009, reason: 'frame nests too deep' });
			await expectLogged('frame nests too deep');
			await expectRelayStillWorks();
			expect(inboxes.get(b.socket)).toEqual([]);
		});
	}

	it('relays a payload nested as deep as real ones are, with hostile keys left inert', async () => {
		const [a, b] = [await admitted(roomA), await admitted(roomA)];
		const frame = `{"type":"OFFER","dst":"${b.id}","src":"${b.id}","payload":{"__proto__":{"x":1},"n":1e308,"sdp":{"type":"offer","sdp":"v=0"}}}`;
		const received = nextMessage(b.socket);
		a.socket.send(frame);
		const relayed = await received;
		// `src` is always the sender: PeerJS overwrites it, whatever the frame said.
		expect(relayed.src).toBe(a.id);
		expect(JSON.stringify(relayed.payload)).toBe(
			'{"__proto__":{"x":1},"n":1e+308,"sdp":{"type":"offer","sdp":"v=0"}}'
		);
		expect(({} as Record<string, unknown>).x).toBeUndefined();
	});
});

describe('offers and candidates to peer ids that are not connected', () => {
	const absentPeer = (of = grant(roomA)) => ({ of, id: peerIdFor(of) });
	const candidate = (dst: string, n: number) => ({ type: 'CANDIDATE', dst, payload: { n } });

	/** Frames are handled in order: once an offer to itself comes back, all before it were. */
	async function handled(sender: { socket: WebSocket; id: string }) {
		send(sender.socket, offer(sender.id));
		await expect.poll(() => inboxes.get(sender.socket)!.at(-1)?.dst).toBe(sender.id);
		inboxes.get(sender.socket)!.pop();
	}

	it('wait for that peer and reach it in order once it connects', async () => {
		const sender = await admitted(roomA);
		const later = absentPeer();
		for (const frame of [offer(later.id), candidate(later.id, 1), candidate(later.id, 2)])
			send(sender.socket, frame);
		await handled(sender);
		expect(peers.stats().heldFrames).toBe(3);
		const { socket } = await admitted(roomA, later.of);
		await expect.poll(() => inboxes.get(socket)!.length).toBe(3);
		expect(inboxes.get(socket)!.map((m) => [m.type, m.src])).toEqual([
			['OFFER', sender.id],
			['CANDIDATE', sender.id],
			['CANDIDATE', sender.id]
		]);
		expect(peers.stats().heldFrames).toBe(0);
	});

	it('wait for a peer whose connection is closing, until it reconnects', async () => {
		const a = await admitted(roomA);
		const { of } = absentPeer();
		const returning = await admitted(roomA, of);
		const gone = closed(returning.socket);
		returning.socket.close();
		await gone;
		send(a.socket, offer(returning.id));
		await handled(a);
		const later = createTokenService(secret, () => new Date(Date.now() + 1000), roomKey);
		const back = await connect(returning.id, await later.signRoomToken(of));
		expect(await nextMessage(back)).toEqual({ type: 'OPEN' });
		expect(await nextMessage(back)).toMatchObject({ type: 'OFFER', src: a.id });
	});

	it('expire after the hold time: the sender hears EXPIRE once per peer, the peer gets nothing', async () => {
		await restartWith({ absentPeerLimits: { ...absentPeerLimits, holdMs: 200 } });
		const sender = await admitted(roomA);
		const later = absentPeer();
		send(sender.socket, offer(later.id));
		send(sender.socket, candidate(later.id, 1));
		expect(await nextMessage(sender.socket)).toEqual({
			type: 'EXPIRE',
			src: later.id,
			dst: sender.id
		});
		expect(peers.stats().heldFrames).toBe(0);
		const { socket } = await admitted(roomA, later.of);
		await handled(sender);
		expect(inboxes.get(socket)).toEqual([]);
		expect(inboxes.get(sender.socket)).toEqual([]);
	});

	describe('hostile: a flood of them', () => {
		it(`holds at most ${absentPeerLimits.framesPerDestination} for one peer id: it gets only those`, async () => {
			const sender = await admitted(roomA);
			const later = absentPeer();
			// `peer` itself would queue all 400 until the id connects (or 5 s pass).
			for (let i = 0; i < 200; i++) {
				send(sender.socket, offer(later.id));
				send(sender.socket, candidate(later.id, i));
			}
			await handled(sender);
			expect(peers.stats().heldFrames).toBe(absentPeerLimits.framesPerDestination);
			const { socket } = await admitted(roomA, later.of);
			const probe = await admitted(roomA);
			send(probe.socket, offer(later.id));
			await expect.poll(() => inboxes.get(socket)!.at(-1)?.src).toBe(probe.id);
			expect(inboxes.get(socket)).toHaveLength(absentPeerLimits.framesPerDestination + 1);
		});

		it(`holds at most ${absentPeerLimits.framesPerSender} from one sender, whatever the peer ids`, async () => {
			const [flooder, other] = [await admitted(roomA), await admitted(roomA)];
			for (let i = 0; i < 200; i++) send(flooder.socket, offer(absentPeer().id));
			await handled(flooder);
			expect(peers.stats().heldFrames).toBe(absentPeerLimits.framesPerSender);
			// The limit is the flooder's own: another sender's frames still wait for their peer.
			send(other.socket, offer(absentPeer().id));
			await handled(other);
			expect(peers.stats().heldFrames).toBe(absentPeerLimits.framesPerSender + 1);
		});

		it(`holds at most ${absentPeerLimits.bytesPerSender / 1024} KB from one sender`, async () => {
			const sender = await admitted(roomA);
			const bulky = (dst: string) => ({ ...offer(dst), payload: { sdp: 'x'.repeat(60_000) } });
			for (let i = 0; i < 10; i++) send(sender.socket, bulky(absentPeer().id));
			await handled(sender);
			expect(peers.stats().heldFrames).toBe(4);
		});
	});
});

describe('hostile: a peer that stops reading', () => {
	it('is closed with 1013 once over the buffer cap, and the server buffers stay bounded', async () => {
		const [flooder, slow] = [await admitted(roomA), await admitted(roomA)];
		stopReading(slow.socket);
		const bulky = { ...offer(slow.id), payload: { sdp: 'x'.repeat(maxPeerFrameBytes - 1024) } };
		let mostBuffered = 0;
		let slowClosed = false;
		const warned = () => warnings.some((line) => line.includes('not reading fast enough'));
		// Loopback TCP buffers take several MB before anything stays queued in the server.
		for (let batch = 0; batch < 60 && !slowClosed; batch++) {
			for (let i = 0; i < 20; i++) send(flooder.socket, bulky);
			// An offer to itself comes back only after the batch before it was relayed.
			send(flooder.socket, offer(flooder.id));
			await expect
				.poll(() => inboxes.get(flooder.socket)!.some((m) => m.type === 'OFFER'))
				.toBe(true);
			inboxes.get(flooder.socket)!.length = 0;
			mostBuffered = Math.max(mostBuffered, peers.bufferedBytes());
			slowClosed = warned();
		}
		expect(slowClosed).toBe(true);
		expect(mostBuffered).toBeLessThanOrEqual(maxBufferedBytes + 2 * maxPeerFrameBytes);
		const closing = closed(slow.socket);
		resumeReading(slow.socket);
		expect(await closing).toEqual({ code: 1013, reason: 'not reading fast enough' });
		await expectRelayStillWorks();
	});
});

describe('canary: `peer` 1.0.2 queues frames for ids without a connection', () => {
	// The guard above exists because of this behaviour of `peer` (its realm's message queues,
	// pruned only after `expire_timeout`). If an upgrade changes it, re-check the guard.
	it('a bare `peer` server delivers an offer sent before its destination connected', async () => {
		const bare = new WebSocketServer({ noServer: true });
		const app = ExpressPeerServer(createServer(), {
			key: 'peerjs',
			createWebSocketServer: () => bare
		});
		app.emit('mount', { request: {}, response: {}, engines: {}, settings: {} });
		const http = await serveUpgrades({
			handleUpgrade: (req, socket, head) =>
				bare.handleUpgrade(req, socket, head, (ws) => bare.emit('connection', ws, req))
		});
		const url = (id: string) =>
			`ws://127.0.0.1:${(http.address() as AddressInfo).port}/peerjs?key=peerjs&id=${id}&token=t`;
		try {
			const sender = new WebSocket(url('sender'));
			sockets.push(sender);
			await new Promise((resolve) => sender.once('message', resolve));
			send(sender, offer('later'));
			const later = new WebSocket(url('later'));
			sockets.push(later);
			const received: Record<string, unknown>[] = [];
			later.on('message', (raw) => received.push(JSON.parse(raw.toString())));
			await expect.poll(() => received.map((m) => m.type)).toEqual(['OPEN', 'OFFER']);
			expect(received[1]).toMatchObject({ src: 'sender', dst: 'later' });
		} finally {
			for (const client of bare.clients) client.terminate();
			await new Promise((resolve) => bare.close(resolve));
			await new Promise((resolve) => http.close(resolve));
		}
	});
});

describe('canary: `peer` 1.0.2 as createPeerServer drives it, without Express or its own sockets', () => {
	// createPeerServer mounts `peer` on a stand-in parent app and hands it, instead of ws
	// sockets, RoomScopedSockets (an EventEmitter with send and close) with the request that
	// was checked. If this fails after an upgrade, re-check peer-server.ts and
	// room-scoped-socket.ts against the new `peer`.
	class StandInSocket extends EventEmitter {
		readonly sent: Record<string, unknown>[] = [];
		closed = false;
		send(data: string) {
			this.sent.push(JSON.parse(data));
		}
		close() {
			this.closed = true;
		}
	}

	it('opens, routes and forgets peer ids through the sockets its WebSocket server hands it', () => {
		const bare = new WebSocketServer({ noServer: true });
		const app = ExpressPeerServer(createServer(), {
			key: 'peerjs',
			createWebSocketServer: () => bare
		});
		app.on('error', () => {});
		app.emit('mount', { request: {}, response: {}, engines: {}, settings: {} });
		const connect = (id: string, token: string) => {
			const socket = new StandInSocket();
			bare.emit('connection', socket, { url: `/peerjs/peerjs?key=peerjs&id=${id}&token=${token}` });
			return socket;
		};
		try {
			const [a, b] = [connect('a', 'token-a'), connect('b', 'token-b')];
			expect([a.sent, b.sent]).toEqual([[{ type: 'OPEN' }], [{ type: 'OPEN' }]]);
			// It listens for errors first thing, so that RoomScopedSocket can hand them over.
			expect(a.listenerCount('error')).toBeGreaterThan(0);

			a.emit('message', JSON.stringify(offer('b')));
			expect(b.sent.at(-1)).toEqual({ ...offer('b'), src: 'a' });

			// The id is taken while its socket is open, and free for another token once closed.
			const usurper = connect('a', 'token-c');
			expect(usurper.sent.map((message) => message.type)).toEqual(['ID-TAKEN']);
			expect(usurper.closed).toBe(true);
			a.emit('close');
			expect(connect('a', 'token-c').sent).toEqual([{ type: 'OPEN' }]);
		} finally {
			bare.close();
		}
	});
});
