import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { signalingTopic } from '../../../src/lib/protocol/signaling';
import { peerIdOf } from '../../../src/lib/protocol/video';
import { setLogLevel } from '../../../server-common/logger';
import { callerFor } from '../test-support/caller';
import { roomWithParticipants } from '../test-support/rooms';
import { useTestServices } from '../test-support/services';
import { serveUpgrades } from '../test-support/upgrade-server';
import { createSocketEndpoints, observerLinkRevoked } from './socket-endpoints';

const setup = useTestServices();
let endpoints: ReturnType<typeof createSocketEndpoints>;
let server: Server;
let origin: string;
const sockets: WebSocket[] = [];
const inboxes = new WeakMap<WebSocket, Record<string, unknown>[]>();

beforeAll(async () => {
	setLogLevel('silent');
	endpoints = createSocketEndpoints({
		db: setup.services.db,
		tokens: setup.services.tokens,
		revocations: setup.services.revocations
	});
	server = await serveUpgrades(endpoints);
	origin = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => {
	for (const socket of sockets.splice(0)) socket.terminate();
});

afterAll(async () => {
	await endpoints?.close();
	await new Promise((resolve) => server?.close(resolve));
});

interface Participant {
	token: string;
	peerId: string;
}

/** A room with its interviewer, candidate and one observer, each with a room token. */
async function roomWithObserver() {
	const room = await roomWithParticipants(setup.services);
	const asOwner = callerFor(setup.services, room.interviewer).caller;
	const { linkId } = await asOwner.rooms.createObserverLink({ id: room.roomId });
	const observer = await callerFor(setup.services).caller.rooms.join({
		id: room.roomId,
		name: 'Watcher',
		observerLink: linkId
	});
	const participant = async (token: string): Promise<Participant> => {
		const grant = await setup.services.tokens.verifyRoomToken(token);
		return { token, peerId: peerIdOf(grant.roomId, grant.participantId) };
	};
	return {
		...room,
		linkId,
		asOwner,
		interviewer: await participant(room.interviewerToken),
		candidate: await participant(room.candidateToken),
		observer: await participant(observer.token)
	};
}

function open(url: string): Promise<WebSocket> {
	const socket = new WebSocket(url);
	sockets.push(socket);
	const inbox: Record<string, unknown>[] = [];
	inboxes.set(socket, inbox);
	socket.on('message', (raw) => inbox.push(JSON.parse(raw.toString())));
	return new Promise((resolve, reject) => {
		socket.once('open', () => resolve(socket));
		socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
		socket.once('error', reject);
	});
}

async function nextMessage(socket: WebSocket) {
	const inbox = inboxes.get(socket)!;
	await expect.poll(() => inbox.length).toBeGreaterThan(0);
	return inbox.shift()!;
}

const openSignaling = (who: Participant) =>
	open(`${origin}/signal?token=${encodeURIComponent(who.token)}`);

async function openPeer(who: Participant) {
	const query = new URLSearchParams({ key: 'peerjs', id: who.peerId, token: who.token });
	const socket = await open(`${origin}/peerjs/peerjs?${query}`);
	expect(await nextMessage(socket)).toEqual({ type: 'OPEN' });
	return socket;
}

function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
	return new Promise((resolve) =>
		socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
	);
}

/** Rejects if `promise` has not settled `ms` after now. */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
	return Promise.race([
		promise,
		new Promise<never>((_, reject) =>
			setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms)
		)
	]);
}

const send = (socket: WebSocket, message: object) => socket.send(JSON.stringify(message));
const offer = (dst: string) => ({ type: 'OFFER', dst, payload: { sdp: { type: 'offer' } } });

async function expectSignalingAnswers(socket: WebSocket) {
	send(socket, { type: 'ping' });
	expect(await nextMessage(socket)).toEqual({ type: 'pong' });
}

async function expectPeerRelays(from: WebSocket, to: WebSocket, toId: string) {
	send(from, offer(toId));
	expect(await nextMessage(to)).toMatchObject({ type: 'OFFER', dst: toId });
}

describe('hostile: an observer whose link is revoked', () => {
	it('loses both open sockets within a second (1008); the interviewer keeps theirs', async () => {
		const room = await roomWithObserver();
		const observerSignal = await openSignaling(room.observer);
		const observerPeer = await openPeer(room.observer);
		const interviewerSignal = await openSignaling(room.interviewer);
		const interviewerPeer = await openPeer(room.interviewer);
		const candidatePeer = await openPeer(room.candidate);
		send(observerSignal, { type: 'subscribe', topics: [signalingTopic(room.roomId)] });
		await expectSignalingAnswers(observerSignal);

		const bothClosed = Promise.all([closed(observerSignal), closed(observerPeer)]);
		await room.asOwner.rooms.revokeObserverLink({ id: room.roomId, linkId: room.linkId });
		const expected = { code: 1008, reason: observerLinkRevoked };
		expect(await within(1000, bothClosed)).toEqual([expected, expected]);

		expect(interviewerSignal.readyState).toBe(WebSocket.OPEN);
		await expectSignalingAnswers(interviewerSignal);
		await expectPeerRelays(candidatePeer, interviewerPeer, room.interviewer.peerId);
		// And the observer's token no longer opens either.
		await expect(openSignaling(room.observer)).rejects.toThrow('HTTP 401');
		await expect(openPeer(room.observer)).rejects.toThrow('HTTP 401');
	});

	it("leaves other links' observers connected", async () => {
		const room = await roomWithObserver();
		const { linkId: otherLink } = await room.asOwner.rooms.createObserverLink({ id: room.roomId });
		const other = await callerFor(setup.services).caller.rooms.join({
			id: room.roomId,
			name: 'Other watcher',
			observerLink: otherLink
		});
		const otherSignal = await openSignaling({ token: other.token, peerId: other.peerId });
		const observerSignal = await openSignaling(room.observer);
		const observerClosed = closed(observerSignal);
		await room.asOwner.rooms.revokeObserverLink({ id: room.roomId, linkId: room.linkId });
		await within(1000, observerClosed);
		await expectSignalingAnswers(otherSignal);
	});
});

describe('hostile: an observer sends one PeerJS frame of 20,000 nested arrays', () => {
	it('closes that connection only: the server answers, the other peers go on', async () => {
		const room = await roomWithObserver();
		const interviewerPeer = await openPeer(room.interviewer);
		const candidatePeer = await openPeer(room.candidate);
		const observerPeer = await openPeer(room.observer);
		const interviewerSignal = await openSignaling(room.interviewer);
		const observerClosed = closed(observerPeer);
		// 40 KB, within the frame cap: this one frame used to take the whole process down.
		const nested = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
		observerPeer.send(`{"type":"OFFER","dst":"${room.interviewer.peerId}","payload":${nested}}`);
		expect(await observerClosed).toEqual({ code: 1009, reason: 'frame nests too deep' });
		await expectPeerRelays(candidatePeer, interviewerPeer, room.interviewer.peerId);
		await expectPeerRelays(interviewerPeer, candidatePeer, room.candidate.peerId);
		await expectSignalingAnswers(interviewerSignal);
		// The observer may come back with a well-formed connection.
		await openPeer(room.observer);
	});
});
