import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { RecordedEntry } from '../../../src/lib/protocol/recording';
import { documentAt } from '../../../src/lib/shared/history/seek';
import type { Services } from '../context';
import { recordedUpdatesTable } from '../db/schema';
import { eq } from 'drizzle-orm';
import { callerFor, createTestServices, trpcErrorOf } from '../test-support/caller';
import { roomWithParticipants } from '../test-support/rooms';
import { useTestServices } from '../test-support/services';

const setup = useTestServices({
	recordingOptions: {
		keyframeEvery: 5,
		keyframeAfterMs: 60 * 60_000,
		bytesPerMinute: 64 * 1024
	}
});

/**
 * A participant's editor writing as Yjs client `clientId`: each call types `text` and
 * returns the update it produced.
 */
function typist(clientId: number) {
	const doc = new Y.Doc();
	doc.clientID = clientId;
	let time = Date.now();
	return {
		doc,
		type(text: string, root = 'code'): RecordedEntry {
			let update: Uint8Array | undefined;
			doc.once('update', (produced: Uint8Array) => (update = produced));
			const target = doc.getText(root);
			target.insert(target.length, text);
			time += 100;
			return { type: 'update', at: time, update: Buffer.from(update!).toString('base64') };
		}
	};
}

const upload = (token: string, entries: RecordedEntry[]) =>
	callerFor(setup.services).caller.recording.upload({ token, entries });

/**
 * The owner's session query, and the keyframes the coordinator keeps beside it (the replay
 * page needs none: it merges the history itself).
 */
async function replayOf(
	roomId: string,
	owner: Awaited<ReturnType<typeof roomWithParticipants>>['interviewer'],
	from: Services = setup.services
) {
	const session = await callerFor(from, owner).caller.recording.session({ id: roomId });
	const keyframes = (await from.recording.keyframes(roomId)).map((keyframe) => ({
		...keyframe,
		coversUntil: keyframe.coversUntil.getTime()
	}));
	return { ...session, keyframes };
}

const decode = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));

/** Every recorded edit of a session, by seq. */
const editsOf = (session: Awaited<ReturnType<typeof replayOf>>) =>
	session.segments.flatMap((segment) => segment.entries).sort((a, b) => a.seq - b.seq);

function finalCode(session: Awaited<ReturnType<typeof replayOf>>, time = Number.MAX_SAFE_INTEGER) {
	return documentAt(
		session.keyframes,
		session.segments.map((segment) => ({ ...segment, merged: decode(segment.merged) })),
		time
	)
		.getText('code')
		.toString();
}

describe('recording.upload', () => {
	it('stores each update once however often it is uploaded, with signals, for the replay', async () => {
		const room = await roomWithParticipants(setup.services);
		const candidate = typist(room.candidateClient);
		const first = [candidate.type('a'), candidate.type('b')];
		const signal: RecordedEntry = {
			type: 'signal',
			id: randomUUID(),
			at: Date.now(),
			signal: { kind: 'paste', length: 120, source: 'outside' }
		};
		await upload(room.candidateToken, [...first, signal]);
		// A retry after a lost acknowledgement sends the same entries again.
		await upload(room.candidateToken, [...first, signal, candidate.type('c')]);

		const session = await replayOf(room.roomId, room.interviewer);
		expect(editsOf(session)).toHaveLength(3);
		expect(session.signals).toEqual([
			expect.objectContaining({ signal: { kind: 'paste', length: 120, source: 'outside' } })
		]);
		expect(finalCode(session)).toBe('abc');
		expect(finalCode(session, editsOf(session)[1]!.at)).toBe('ab');
	});

	it('rejects an upload holding anything but a Yjs update of a room document, storing none of it', async () => {
		const room = await roomWithParticipants(setup.services);
		const candidate = typist(room.candidateClient);
		const good = candidate.type('fine');
		const garbage: RecordedEntry = {
			type: 'update',
			at: Date.now(),
			update: Buffer.from('not yjs at all').toString('base64')
		};
		const foreign = typist(room.candidateClient + 1).type('x', 'somethingElse');

		const notYjs = await trpcErrorOf(upload(room.candidateToken, [good, garbage]));
		expect(notYjs.code).toBe('BAD_REQUEST');
		expect(notYjs.message).toBe('entries.1: not a Yjs update');
		const wrongDoc = await trpcErrorOf(upload(room.candidateToken, [foreign]));
		expect(wrongDoc.message).toBe(
			"entries.0: not an update of a room document (it edits 'somethingElse')"
		);

		expect(editsOf(await replayOf(room.roomId, room.interviewer))).toEqual([]);
	});

	it('refuses a forged token and caps the bytes a participant uploads per minute', async () => {
		const room = await roomWithParticipants(setup.services);
		expect(
			(await trpcErrorOf(upload('forged', [typist(room.candidateClient).type('x')]))).code
		).toBe('UNAUTHORIZED');

		const candidate = typist(room.candidateClient);
		const big = candidate.type('y'.repeat(40 * 1024));
		await upload(room.candidateToken, [big]);
		const tooMuch = await trpcErrorOf(
			upload(room.candidateToken, [candidate.type('z'.repeat(40 * 1024))])
		);
		expect(tooMuch.code).toBe('TOO_MANY_REQUESTS');
		// What was stored before is untouched.
		expect(finalCode(await replayOf(room.roomId, room.interviewer))).toBe('y'.repeat(40 * 1024));
	});

	it('stores a keyframe every few updates', async () => {
		const room = await roomWithParticipants(setup.services);
		const candidate = typist(room.candidateClient);
		for (let i = 0; i < 12; i++)
			await upload(room.candidateToken, [candidate.type(String(i % 10))]);
		const session = await replayOf(room.roomId, room.interviewer);
		expect(session.keyframes.map((keyframe) => keyframe.throughSeq)).toEqual([
			editsOf(session)[4]!.seq,
			editsOf(session)[9]!.seq
		]);
		const keyframe = new Y.Doc();
		Y.applyUpdate(keyframe, session.keyframes[1]!.state);
		expect(keyframe.getText('code').toString()).toBe('0123456789');
	});
});

describe('compaction', () => {
	it('packs updates a keyframe covers into compressed segments, and the replay reads them back', async () => {
		const packing = createTestServices(setup.database.db, {
			recordingOptions: { keyframeEvery: 4, dedupeWindowMs: 0, segmentSize: 4 }
		});
		const room = await roomWithParticipants(packing);
		const candidate = typist(room.candidateClient);
		for (const char of 'compacted!') {
			await callerFor(packing).caller.recording.upload({
				token: room.candidateToken,
				entries: [candidate.type(char)]
			});
		}
		const loose = await setup.database.db
			.select({ seq: recordedUpdatesTable.seq })
			.from(recordedUpdatesTable)
			.where(eq(recordedUpdatesTable.roomId, room.roomId));
		expect(loose).toHaveLength(2);
		const session = await replayOf(room.roomId, room.interviewer, packing);
		expect(editsOf(session)).toHaveLength(10);
		expect(editsOf(session).map((update) => update.seq)).toEqual(
			[...editsOf(session).map((update) => update.seq)].sort((a, b) => a - b)
		);
		for (let i = 0; i < 10; i++)
			expect(finalCode(session, editsOf(session)[i]!.at)).toBe('compacted!'.slice(0, i + 1));
	});
});

describe('keyframes by age', () => {
	it('stores one once the oldest update outside a keyframe is old enough, however few updates', async () => {
		const timely = createTestServices(setup.database.db, {
			recordingOptions: { keyframeEvery: 1000, keyframeAfterMs: 0, bytesPerMinute: 1 << 20 }
		});
		const room = await roomWithParticipants(timely);
		const candidate = typist(room.candidateClient);
		await callerFor(timely).caller.recording.upload({
			token: room.candidateToken,
			entries: [candidate.type('x')]
		});
		const session = await replayOf(room.roomId, room.interviewer, timely);
		expect(session.keyframes).toHaveLength(1);
		expect(session.keyframes[0]!.throughSeq).toBe(editsOf(session)[0]!.seq);
	});
});

describe('rooms.end and the replay', () => {
	it('ends the interview, keeps a final keyframe, and still takes queued updates that arrive late', async () => {
		const room = await roomWithParticipants(setup.services);
		const owner = callerFor(setup.services, room.interviewer).caller;
		const candidate = typist(room.candidateClient);
		await upload(room.candidateToken, [candidate.type('def f():')]);
		const late = candidate.type(' pass');

		const { endedAt } = await owner.rooms.end({ id: room.roomId });
		expect((await owner.rooms.byId({ id: room.roomId })).status).toBe('ended');
		await upload(room.candidateToken, [late]);
		await setup.services.sessionLogs.flush();

		const session = await replayOf(room.roomId, room.interviewer);
		expect(session.room.endedAt).toBe(endedAt);
		expect(session.keyframes).toHaveLength(1);
		expect(finalCode(session)).toBe('def f(): pass');
		// The stored session log took in the late update as well.
		expect(session.log).toMatchObject({
			finalCode: 'def f(): pass',
			language: 'python',
			endedAt,
			participants: [
				{ name: 'Ada Lovelace', role: 'interviewer' },
				{ name: 'Alan Turing', role: 'candidate' }
			],
			chat: [],
			runs: []
		});
		expect(session.log!.durationMs).toBeGreaterThanOrEqual(0);
		const listed = (await owner.rooms.list()).find((entry) => entry.id === room.roomId);
		expect(listed).toMatchObject({
			status: 'ended',
			participants: [
				{ name: 'Ada Lovelace', role: 'interviewer' },
				{ name: 'Alan Turing', role: 'candidate' }
			]
		});
		expect(listed!.startedAt).not.toBeNull();
	});

	it('is only for the interview owner', async () => {
		const room = await roomWithParticipants(setup.services);
		const other = await roomWithParticipants(setup.services);
		const error = await trpcErrorOf(replayOf(room.roomId, other.interviewer));
		expect(error.code).toBe('NOT_FOUND');
		const ending = await trpcErrorOf(
			callerFor(setup.services, other.interviewer).caller.rooms.end({ id: room.roomId })
		);
		expect(ending.code).toBe('NOT_FOUND');
	});
});
