import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { RecordedEntry } from '../../../src/lib/protocol/recording';
import {
	appendChat,
	readChat,
	readControls,
	readEndedAt,
	readRevokedObserverLinks,
	roomDoc,
	type RoomDoc,
	writeControl,
	writeEndedAt,
	writeLanguage,
	writeRevokedObserverLink
} from '../../../src/lib/shared/document/room-doc';
import { clientIdOf } from '../../../src/lib/protocol/yjs-clients';
import { callerFor, trpcErrorOf } from '../test-support/caller';
import { base64, recordingPage, updateEntry } from '../test-support/recording-pages';
import { roomWithParticipants } from '../test-support/rooms';
import { useTestServices } from '../test-support/services';

const rulesGraceMs = 5000;
const maxHeldPerAuthor = 6;
const setup = useTestServices({ recordingOptions: { rulesGraceMs, maxHeldPerAuthor } });

type Room = Awaited<ReturnType<typeof roomWithParticipants>>;

const caller = () => callerFor(setup.services).caller;
const upload = (token: string, entries: RecordedEntry[]) =>
	caller().recording.upload({ token, entries });
const owner = (room: Room) => callerFor(setup.services, room.interviewer).caller;

/** What a page that loads the room from the record gets. */
async function recorded(token: string) {
	const { update } = await caller().recording.state({ token });
	const room = roomDoc();
	Y.applyUpdate(room.doc, Buffer.from(update, 'base64'));
	return room;
}

/** A room where the interviewer's page has set the controls and said hello, all recorded. */
async function startedRoom() {
	const room = await roomWithParticipants(setup.services);
	const candidateId = (await setup.services.tokens.verifyRoomToken(room.candidateToken))
		.participantId;
	const interviewer = recordingPage(room.interviewerClient);
	const candidate = recordingPage(room.candidateClient);
	const setUp = [
		interviewer.edit((r) => r.code.insert(0, 'def solve():\n')),
		interviewer.edit((r) => writeControl(r, 'observersMayChat', false)),
		interviewer.edit((r) => writeLanguage(r, 'python')),
		interviewer.edit((r) =>
			appendChat(r, {
				id: 'hello',
				authorId: 'x',
				author: 'Ada Lovelace',
				role: 'interviewer',
				text: 'Hello',
				sentAt: Date.now()
			})
		)
	];
	await upload(
		room.interviewerToken,
		setUp.map((update) => updateEntry(update))
	);
	candidate.receive(...setUp);
	const candidateLine = (id: string, text: string) => (r: RoomDoc) =>
		appendChat(r, {
			id,
			authorId: candidateId,
			author: 'Alan Turing',
			role: 'candidate',
			text,
			sentAt: Date.now()
		});
	return { room, interviewer, candidate, candidateLine };
}

async function observerOf(room: Room) {
	const { linkId } = await owner(room).rooms.createObserverLink({ id: room.roomId });
	const joined = await caller().rooms.join({
		id: room.roomId,
		name: 'Grace',
		observerLink: linkId
	});
	return { ...joined, client: clientIdOf(joined.clientBlock!, 0) };
}

describe('hostile: the record takes from each participant only what the peers take', () => {
	it("refuses a candidate's writes to the interviewer's settings, and keeps them out of what pages load", async () => {
		const { room, interviewer, candidate } = await startedRoom();
		// The language is the candidate's to change too.
		const language = candidate.edit((r) => writeLanguage(r, 'go'));
		await upload(room.candidateToken, [updateEntry(language)]);
		const revoked = interviewer.edit((r) => writeRevokedObserverLink(r, crypto.randomUUID()));
		await upload(room.interviewerToken, [updateEntry(revoked)]);
		candidate.receive(revoked);
		// Each from a page of its own that has what the record has: judged on its own merits.
		const forge = (index: number, change: (r: RoomDoc) => void) => {
			const page = recordingPage(room.candidateClient + index);
			page.receive(Y.encodeStateAsUpdate(candidate.room.doc));
			return page.edit(change);
		};
		const forgeries = [
			forge(1, (r) => writeControl(r, 'observersMayChat', true)),
			forge(2, (r) => writeControl(r, 'editorLocked', true)),
			forge(3, (r) => writeEndedAt(r, Date.now())),
			forge(4, (r) => writeRevokedObserverLink(r, crypto.randomUUID())),
			// Unsetting is changing too: this would let a revoked observer back in.
			forge(5, (r) => r.settings.delete('revokedObserverLinks'))
		];
		for (const forged of forgeries) {
			const refused = await trpcErrorOf(upload(room.candidateToken, [updateEntry(forged)]));
			expect(refused.code).toBe('BAD_REQUEST');
			expect(refused.message).toBe('entries.0: the candidate role may not make this change');
		}

		const loaded = await recorded(room.candidateToken);
		expect(readControls(loaded)).toEqual({ editorLocked: false, observersMayChat: false });
		expect(readEndedAt(loaded)).toBeNull();
		expect(readRevokedObserverLinks(loaded)).toEqual(readRevokedObserverLinks(interviewer.room));
		expect(loaded.settings.get('language')).toBe('go');
	});

	it('refuses deleting chat lines, from anyone: chat is append-only', async () => {
		const { room, interviewer, candidate, candidateLine } = await startedRoom();
		const line = candidate.edit(candidateLine('mine', 'I think I have it'));
		await upload(room.candidateToken, [updateEntry(line)]);
		interviewer.receive(line);

		const byCandidate = candidate.edit((r) => r.chat.delete(0, 1));
		const byInterviewer = interviewer.edit((r) => r.chat.delete(1, 1));
		for (const [token, deletion] of [
			[room.candidateToken, byCandidate],
			[room.interviewerToken, byInterviewer]
		] as const) {
			const refused = await trpcErrorOf(upload(token, [updateEntry(deletion)]));
			expect(refused.code).toBe('BAD_REQUEST');
			expect(refused.message).toBe('entries.0: chat lines cannot be deleted');
		}
		const loaded = await recorded(room.interviewerToken);
		expect(readChat(loaded).map((chat) => chat.text)).toEqual(['Hello', 'I think I have it']);
	});

	it('refuses code a candidate wrote once the lock had taken hold, by the time it claims', async () => {
		const { room, interviewer, candidate, candidateLine } = await startedRoom();
		const lockedAt = Date.now();
		const lock = interviewer.edit((r) => writeControl(r, 'editorLocked', true));
		await upload(room.interviewerToken, [updateEntry(lock, lockedAt)]);
		candidate.receive(lock);

		// Typed just before the lock reached it: on its way, as on the peers.
		const justBefore = candidate.edit((r) => r.code.insert(13, '    pass\n'));
		await upload(room.candidateToken, [updateEntry(justBefore, lockedAt - 1000)]);
		const afterwards = candidate.edit((r) => r.code.insert(0, '# cheat\n'));
		const refused = await trpcErrorOf(
			upload(room.candidateToken, [updateEntry(afterwards, Date.now() + rulesGraceMs + 1000)])
		);
		expect(refused.message).toBe('entries.0: the candidate role may not make this change');
		// Chat still goes through the lock.
		// Chat still goes through the lock (from the candidate's next page: the refused edit
		// holds back every later one of the same Yjs client, on the peers and in the record).
		const next = recordingPage(room.candidateClient + 1);
		next.receive(Y.encodeStateAsUpdate(candidate.room.doc));
		const chat = next.edit(candidateLine('ok', 'ok'));
		await upload(room.candidateToken, [updateEntry(chat, Date.now() + rulesGraceMs + 1000)]);
		const loaded = await recorded(room.candidateToken);
		expect(loaded.code.toString()).toBe('def solve():\n    pass\n');
		expect(readChat(loaded).map((line) => line.text)).toEqual(['Hello', 'ok']);
	});

	it("refuses observers' lines while observers may not chat, and lines in another's name", async () => {
		const { room, interviewer } = await startedRoom();
		const observer = await observerOf(room);
		// A fresh page for each line: a refused one holds back the page's later ones.
		const line = (id: string, authorId: string, index: number) =>
			recordingPage(observer.client + index).edit((r) =>
				appendChat(r, {
					id,
					authorId,
					author: 'Grace',
					role: 'observer',
					text: `line ${id}`,
					sentAt: Date.now()
				})
			);
		const muted = await trpcErrorOf(
			upload(observer.token, [updateEntry(line('a', observer.participantId, 0))])
		);
		expect(muted.message).toBe('entries.0: the observer role may not make this change');

		const unmute = interviewer.edit((r) => writeControl(r, 'observersMayChat', true));
		await upload(room.interviewerToken, [updateEntry(unmute)]);
		await upload(observer.token, [updateEntry(line('b', observer.participantId, 1))]);
		const forged = await trpcErrorOf(
			upload(observer.token, [updateEntry(line('c', crypto.randomUUID(), 2))])
		);
		expect(forged.code).toBe('BAD_REQUEST');
		const loaded = await recorded(observer.token);
		expect(readChat(loaded).map((chat) => chat.text)).toEqual(['Hello', 'line b']);
	});
});

describe('hostile: edits that build on what the record lacks wait for it', () => {
	it('holds them until the edits they build on arrive, then judges them like any other', async () => {
		const { room, interviewer, candidate } = await startedRoom();
		// The interviewer's page has not uploaded these yet; the candidate saw them live.
		const unrecorded = [
			interviewer.edit((r) => r.code.insert(13, '    return 42\n')),
			interviewer.edit((r) => writeControl(r, 'observersMayChat', false))
		];
		candidate.receive(...unrecorded);
		const honest = candidate.edit((r) => r.code.insert(27, '# done\n'));
		// Overwrites the interviewer's latest value: which key, the record cannot tell yet.
		const forged = candidate.edit((r) => writeControl(r, 'observersMayChat', true));
		expect(await upload(room.candidateToken, [updateEntry(honest), updateEntry(forged)])).toEqual({
			stored: 2,
			late: 0
		});
		expect((await recorded(room.candidateToken)).code.toString()).toBe('def solve():\n');

		await upload(
			room.interviewerToken,
			unrecorded.map((update) => updateEntry(update))
		);
		const loaded = await recorded(room.candidateToken);
		expect(loaded.code.toString()).toBe('def solve():\n    return 42\n# done\n');
		expect(readControls(loaded).observersMayChat).toBe(false);
	});

	it('answers "retry later" once too many of one participant\'s wait', async () => {
		const { room, interviewer, candidate } = await startedRoom();
		const unrecorded = interviewer.edit((r) => r.code.insert(0, '#'));
		candidate.receive(unrecorded);
		const waiting = Array.from({ length: maxHeldPerAuthor + 1 }, (_, index) =>
			updateEntry(candidate.edit((r) => r.code.insert(1, String(index))))
		);
		await upload(room.candidateToken, waiting.slice(0, maxHeldPerAuthor));
		const full = await trpcErrorOf(upload(room.candidateToken, waiting.slice(maxHeldPerAuthor)));
		expect(full.code).toBe('TOO_MANY_REQUESTS');
		await upload(room.interviewerToken, [updateEntry(unrecorded)]);
		await upload(room.candidateToken, waiting.slice(maxHeldPerAuthor));
		expect((await recorded(room.candidateToken)).code.toString()).toBe('#6543210def solve():\n');
	});
});

describe('hostile: an upload repeated after the end is stored once', () => {
	it('recognises what the record has even once it is packed', async () => {
		const { room, candidate } = await startedRoom();
		const typed = updateEntry(candidate.edit((r) => r.code.insert(13, '    pass\n')));
		await upload(room.candidateToken, [typed]);
		await owner(room).rooms.end({ id: room.roomId });
		const before = await owner(room).recording.session({ id: room.roomId });
		// The page never saw the acknowledgement, and sends it again.
		await upload(room.candidateToken, [typed]);
		await upload(room.candidateToken, [typed]);
		const after = await owner(room).recording.session({ id: room.roomId });
		const edits = (session: typeof before) =>
			session.segments.reduce((sum, segment) => sum + segment.entries.length, 0);
		expect(edits(after)).toBe(edits(before));
	});
});

describe('hostile: loading the recorded room', () => {
	it('gives a participant only what its page lacks, and nobody else anything', async () => {
		const { room, interviewer } = await startedRoom();
		const observer = await observerOf(room);
		const whole = await recorded(observer.token);
		expect(whole.code.toString()).toBe('def solve():\n');

		const have = Y.encodeStateVector(interviewer.room.doc);
		const { update } = await caller().recording.state({
			token: room.candidateToken,
			have: base64(have)
		});
		expect(Y.decodeUpdate(Buffer.from(update, 'base64')).structs).toEqual([]);

		for (const attempt of [
			() => caller().recording.state({ token: 'not a pass' }),
			() =>
				caller().recording.state({
					token: room.candidateToken,
					have: base64(new Uint8Array([200]))
				}),
			() => caller().recording.state({ token: room.candidateToken, have: 'x'.repeat(100_000) })
		]) {
			const refused = await trpcErrorOf(attempt());
			expect(['UNAUTHORIZED', 'BAD_REQUEST']).toContain(refused.code);
			expect(refused.message).not.toMatch(/select |stack|\n\s+at /i);
		}
	});
});
