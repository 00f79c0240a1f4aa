import { deflateRawSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { RecordedEntry } from '../../../src/lib/protocol/recording';
import { appendChat, encodeRoomSnapshot } from '../../../src/lib/shared/document/room-doc';
import { SessionReplay } from '../../../src/lib/shared/history/session-replay';
import { participantsTable, recordedSegmentsTable, recordedUpdatesTable } from '../db/schema';
import { postEndGraceMs } from '../recording/after-end';
import { callerFor, trpcErrorOf } from '../test-support/caller';
import { base64, recordingPage, updateEntry } from '../test-support/recording-pages';
import { roomWithParticipants } from '../test-support/rooms';
import { useTestServices } from '../test-support/services';

const setup = useTestServices({ recordingOptions: { bytesPerMinute: 64 * 1024 } });

type Room = Awaited<ReturnType<typeof roomWithParticipants>>;

const entry = updateEntry;
const page = recordingPage;
const upload = (token: string, entries: RecordedEntry[]) =>
	callerFor(setup.services).caller.recording.upload({ token, entries });

/** A Yjs update of a single garbage-collected range, written by hand. */
function gcUpdate(client: number, clock: number, length: number): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 1); // one client
	encoding.writeVarUint(encoder, 1); // one struct
	encoding.writeVarUint(encoder, client);
	encoding.writeVarUint(encoder, clock);
	encoding.writeUint8(encoder, 0); // GC
	encoding.writeVarUint(encoder, length);
	encoding.writeVarUint(encoder, 0); // no deletions
	return encoding.toUint8Array(encoder);
}

const owner = (room: Room) => callerFor(setup.services, room.interviewer).caller;
const sessionOf = (room: Room) => owner(room).recording.session({ id: room.roomId });

describe('hostile: a single upload cannot poison a room', () => {
	it('refuses a garbage-collected range of an invented client; end, uploads and replay work', async () => {
		const room = await roomWithParticipants(setup.services);
		const candidate = page(room.candidateClient);
		await upload(room.candidateToken, [entry(candidate.edit((r) => r.code.insert(0, 'x = 1')))]);

		for (const poison of [gcUpdate(12345, 7, 5), gcUpdate(room.candidateClient, 99, 5)]) {
			const refused = await trpcErrorOf(upload(room.candidateToken, [entry(poison)]));
			expect(refused.code).toBe('BAD_REQUEST');
			expect(refused.message).toMatch(/^entries\.0: /);
		}

		await upload(room.candidateToken, [entry(candidate.edit((r) => r.code.insert(5, '\n')))]);
		await owner(room).rooms.end({ id: room.roomId });
		const session = await sessionOf(room);
		expect(session.log?.finalCode).toBe('x = 1\n');
		expect(session.damagedRows).toBe(0);
	});

	it('refuses content no editor writes (a subdocument) and structs outside the room document', async () => {
		const room = await roomWithParticipants(setup.services);
		const candidate = page(room.candidateClient);
		const subdoc = candidate.edit((r) => r.settings.set('nested', new Y.Doc()));
		expect((await trpcErrorOf(upload(room.candidateToken, [entry(subdoc)]))).message).toBe(
			'entries.0: holds ContentDoc, not editor content'
		);
	});

	it('replays around rows stored before these checks: bad ones are skipped and counted', async () => {
		const room = await roomWithParticipants(setup.services);
		const interviewer = page(room.interviewerClient);
		const candidate = page(room.candidateClient);
		const setUp = interviewer.edit((r) => r.code.insert(0, 'def f():\n'));
		candidate.receive(setUp);
		await upload(room.interviewerToken, [entry(setUp)]);
		await upload(room.candidateToken, [entry(candidate.edit((r) => r.code.insert(9, '  pass')))]);

		// As an older coordinator stored them: a poison range, an unreadable update and segment.
		const [candidateRow] = await setup.database.db
			.select({ id: participantsTable.id })
			.from(participantsTable)
			.where(eq(participantsTable.clientBlock, Math.floor(room.candidateClient / 1024)));
		const stored = (update: Uint8Array, hash: string) => ({
			roomId: room.roomId,
			participantId: candidateRow!.id,
			clientTime: new Date(),
			hash,
			update
		});
		await setup.database.db
			.insert(recordedUpdatesTable)
			.values([
				stored(gcUpdate(12345, 7, 5), 'poison'),
				stored(new Uint8Array([1, 2, 3, 250]), 'garbage')
			]);
		await setup.database.db.insert(recordedSegmentsTable).values({
			roomId: room.roomId,
			fromSeq: 1,
			throughSeq: 2,
			updates: 1,
			data: deflateRawSync(Buffer.from('not a segment'))
		});

		// Still takes uploads, ends, and replays what is readable.
		await upload(room.candidateToken, [entry(candidate.edit((r) => r.code.insert(15, '\n')))]);
		await owner(room).rooms.end({ id: room.roomId });
		const session = await sessionOf(room);
		expect(session.log?.finalCode).toBe('def f():\n  pass\n');
		expect(session.damagedRows).toBe(2);
	});

	it('replays edits that build on an edit never uploaded: the rest of the history stands', async () => {
		const room = await roomWithParticipants(setup.services);
		const interviewer = page(room.interviewerClient);
		const candidate = page(room.candidateClient);
		const first = interviewer.edit((r) => r.code.insert(0, 'a'));
		await upload(room.interviewerToken, [entry(first)]);
		// The interviewer's next keystroke reaches the candidate but never the coordinator.
		const neverUploaded = interviewer.edit((r) => r.code.insert(1, 'b'));
		candidate.receive(first, neverUploaded);
		await upload(room.candidateToken, [entry(candidate.edit((r) => r.code.insert(2, 'c')))]);
		await owner(room).rooms.end({ id: room.roomId });
		expect((await sessionOf(room)).log?.finalCode).toBe('a');
	});
});

describe('hostile: authorship cannot be stolen', () => {
	it("refuses the interviewer's exact update uploaded by the candidate, and credits the interviewer", async () => {
		const room = await roomWithParticipants(setup.services);
		const interviewer = page(room.interviewerClient);
		const theirs = interviewer.edit((r) => r.code.insert(0, 'print("hi")'));

		const stolen = await trpcErrorOf(upload(room.candidateToken, [entry(theirs)]));
		expect(stolen.code).toBe('BAD_REQUEST');
		expect(stolen.message).toBe(
			`entries.0: holds edits of Yjs client ${room.interviewerClient}, which is not yours`
		);
		expect(await upload(room.interviewerToken, [entry(theirs)])).toEqual({ stored: 1, late: 0 });

		const session = await sessionOf(room);
		const [edit] = session.segments.flatMap((segment) => segment.entries);
		const interviewerId = session.participants.find((p) => p.role === 'interviewer')!.id;
		expect(edit!.participantId).toBe(interviewerId);
	});

	it("refuses edits written under the interviewer's Yjs client id", async () => {
		const room = await roomWithParticipants(setup.services);
		const impostor = page(room.interviewerClient);
		const forged = impostor.edit((r) => r.code.insert(0, '# written by the interviewer'));
		expect((await trpcErrorOf(upload(room.candidateToken, [entry(forged)]))).code).toBe(
			'BAD_REQUEST'
		);
	});

	it("refuses a chat line in someone else's name, and keeps one stored before out of the replay", async () => {
		const room = await roomWithParticipants(setup.services);
		const session = await sessionOf(room);
		const [interviewerId, candidateId] = ['interviewer', 'candidate'].map(
			(role) => session.participants.find((participant) => participant.role === role)!.id
		);
		const candidate = page(room.candidateClient);
		const line = (
			authorId: string,
			author: string,
			role: 'interviewer' | 'candidate',
			text: string
		) =>
			candidate.edit((r) =>
				appendChat(r, { id: crypto.randomUUID(), authorId, author, role, text, sentAt: Date.now() })
			);
		const forged = line(interviewerId!, 'Ada Lovelace', 'interviewer', 'you passed');
		const refused = await trpcErrorOf(upload(room.candidateToken, [entry(forged)]));
		expect(refused.code).toBe('BAD_REQUEST');
		expect(refused.message).toMatch(/^entries\.0: the candidate role may not make this change/);

		// As an older coordinator stored it, before uploads were judged.
		await setup.database.db.insert(recordedUpdatesTable).values({
			roomId: room.roomId,
			participantId: candidateId!,
			clientTime: new Date(),
			hash: 'forged before',
			update: forged
		});
		await upload(room.candidateToken, [
			entry(line(candidateId!, 'Alan Turing', 'candidate', 'thanks'))
		]);
		await owner(room).rooms.end({ id: room.roomId });
		const ended = await sessionOf(room);
		expect(ended.log?.chat.map((chat) => chat.text)).toEqual(['thanks']);
		const replay = new SessionReplay(ended);
		expect(replay.frameAt(replay.timeline.end).chat.map((chat) => chat.text)).toEqual(['thanks']);
	});

	it('gives every participant a block of client ids of its own, named in its pass', async () => {
		const room = await roomWithParticipants(setup.services);
		const [interviewer, candidate] = await Promise.all([
			setup.services.tokens.verifyRoomToken(room.interviewerToken),
			setup.services.tokens.verifyRoomToken(room.candidateToken)
		]);
		expect(interviewer.clientBlock).toBe(Math.floor(room.interviewerClient / 1024));
		expect(candidate.clientBlock).toBe(Math.floor(room.candidateClient / 1024));
		expect(interviewer.clientBlock).not.toBe(candidate.clientBlock);
	});
});

describe('hostile: nothing after the end changes the record', () => {
	/** A room where both typed, the candidate's last keystroke still queued when End is clicked. */
	async function endedRoom({ withFinalState = true } = {}) {
		const room = await roomWithParticipants(setup.services);
		const interviewer = page(room.interviewerClient);
		const candidate = page(room.candidateClient);
		const first = candidate.edit((r) => r.code.insert(0, 'answer = 42'));
		const queued = candidate.edit((r) => r.code.insert(11, '\n'));
		interviewer.receive(first, queued);
		await upload(room.candidateToken, [entry(first)]);
		const { endedAt } = await owner(room).rooms.end({
			id: room.roomId,
			...(withFinalState && { finalState: encodeRoomSnapshot(interviewer.room) })
		});
		return { room, candidate, queued, endedAt: Date.parse(endedAt) };
	}

	it('takes queued entries from before the end, but no later edit, whatever time it claims', async () => {
		const { room, candidate, queued, endedAt } = await endedRoom();
		const rewrite = candidate.edit((r) => r.code.delete(0, 6));
		const verdict = candidate.edit((r) =>
			appendChat(r, {
				id: crypto.randomUUID(),
				authorId: 'the-interviewer',
				author: 'Ada Lovelace',
				role: 'interviewer',
				text: 'Strong hire.',
				sentAt: endedAt - 1000
			})
		);
		const outcome = await upload(room.candidateToken, [
			entry(queued, endedAt - 500),
			entry(rewrite, endedAt - 400),
			entry(verdict, endedAt - 300)
		]);
		expect(outcome).toEqual({ stored: 1, late: 2 });
		await setup.services.sessionLogs.flush();

		const session = await sessionOf(room);
		expect(session.log).toMatchObject({ finalCode: 'answer = 42\n', chat: [] });
	});

	it('leaves out entries dated after the end, when the interview ended without a final document', async () => {
		const { room, candidate, queued, endedAt } = await endedRoom({ withFinalState: false });
		const after = candidate.edit((r) => r.code.insert(0, '# '));
		const signal: RecordedEntry = {
			type: 'signal',
			id: crypto.randomUUID(),
			at: endedAt + postEndGraceMs + 1,
			signal: { kind: 'hidden' }
		};
		const outcome = await upload(room.candidateToken, [
			entry(queued, endedAt - 100),
			entry(after, endedAt + postEndGraceMs + 1),
			signal
		]);
		expect(outcome).toEqual({ stored: 1, late: 2 });
		await setup.services.sessionLogs.flush();
		expect((await sessionOf(room)).log?.finalCode).toBe('answer = 42\n');
	});

	it('never renews a pass after the end, and refuses passes issued after it', async () => {
		const { room, queued } = await endedRoom();
		const rejoined = await callerFor(setup.services).caller.rooms.join({
			id: room.roomId,
			resumeToken: room.candidateToken
		});
		expect(rejoined.token).toBe(room.candidateToken);

		// A pass signed after the end (as a renewal would be) adds nothing.
		const grant = await setup.services.tokens.verifyRoomToken(room.candidateToken);
		await new Promise((resolve) => setTimeout(resolve, 1100));
		const renewed = await setup.services.tokens.signRoomToken(grant);
		const refused = await trpcErrorOf(upload(renewed, [entry(queued)]));
		expect(refused.code).toBe('FORBIDDEN');
		expect(refused.message).toBe(
			'This interview has ended: a pass issued after its end cannot add to its record'
		);
	});

	it('keeps the first end: ending again changes neither its time nor its final document', async () => {
		const { room, candidate, endedAt } = await endedRoom();
		const later = page(room.interviewerClient + 1);
		later.receive(candidate.edit((r) => r.code.insert(0, '# sneaky\n')));
		const again = await owner(room).rooms.end({
			id: room.roomId,
			finalState: encodeRoomSnapshot(later.room)
		});
		expect(Date.parse(again.endedAt)).toBe(endedAt);
		const sneaky = candidate.edit((r) => r.code.insert(0, '!'));
		expect(await upload(room.candidateToken, [entry(sneaky, endedAt - 1)])).toEqual({
			stored: 0,
			late: 1
		});
	});

	it('refuses a final state that is not a snapshot', async () => {
		const room = await roomWithParticipants(setup.services);
		const refused = await trpcErrorOf(
			owner(room).rooms.end({ id: room.roomId, finalState: base64(new Uint8Array([9, 9, 9])) })
		);
		expect(refused.code).toBe('BAD_REQUEST');
		expect(refused.message).toBe('The final state is not a Yjs snapshot');
	});
});

describe('hostile: the upload allowance belongs to the person, not the pass', () => {
	it('does not start a new minute for a candidate who comes back with a new pass', async () => {
		const room = await roomWithParticipants(setup.services);
		const { inviteToken } = await owner(room).rooms.byId({ id: room.roomId });
		const first = page(room.candidateClient);
		await upload(room.candidateToken, [
			entry(first.edit((r) => r.code.insert(0, 'y'.repeat(40_000))))
		]);

		const again = await callerFor(setup.services).caller.rooms.join({
			id: room.roomId,
			name: 'Alan Turing',
			invite: inviteToken!
		});
		const second = page(again.clientBlock! * 1024);
		const refused = await trpcErrorOf(
			upload(again.token, [entry(second.edit((r) => r.code.insert(0, 'z'.repeat(40_000))))])
		);
		expect(refused.code).toBe('TOO_MANY_REQUESTS');
	});

	it('counts signals too', async () => {
		const room = await roomWithParticipants(setup.services);
		const signals = (count: number): RecordedEntry[] =>
			Array.from({ length: count }, () => ({
				type: 'signal',
				id: crypto.randomUUID(),
				at: Date.now(),
				signal: { kind: 'paste', length: 1, source: 'outside' }
			}));
		let refused = null;
		for (let batch = 0; batch < 10 && !refused; batch++) {
			refused = await upload(room.candidateToken, signals(200)).then(
				() => null,
				(error: unknown) => error
			);
		}
		expect(refused).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
	});
});
