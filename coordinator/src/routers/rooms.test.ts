import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { importJWK, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEntry } from '../../../src/lib/protocol/recording';
import { SessionReplay } from '../../../src/lib/shared/history/session-replay';
import {
	appendChat,
	roomDoc,
	writeControl,
	writeLanguage,
	type RoomDoc
} from '../../../src/lib/shared/document/room-doc';
import { createTokenService, type SessionUser } from '../auth/tokens';
import { participantsTable, roomsTable } from '../db/schema';
import type { JoinRoomInput } from '../../../src/lib/protocol/rooms';
import { clientIdOf } from '../../../src/lib/protocol/yjs-clients';
import { callerFor, trpcErrorOf } from '../test-support/caller';
import { nonce } from '../test-support/database';
import { roomWithParticipants } from '../test-support/rooms';
import { signUpInterviewer, useTestServices } from '../test-support/services';

const setup = useTestServices({ iceServers: [{ urls: 'stun:stun.example.com:3478' }] });
let owner: SessionUser;
let otherOwner: SessionUser;

beforeAll(async () => {
	owner = await signUpInterviewer(setup.services, 'Ada Lovelace');
	otherOwner = await signUpInterviewer(setup.services, 'Grace Hopper');
});

const asOwner = () => callerFor(setup.services, owner).caller;
const anonymous = () => callerFor(setup.services).caller;

async function createRoom(title = `Interview ${nonce()}`, by = owner) {
	const { id } = await callerFor(setup.services, by).caller.rooms.create({
		title,
		language: 'python'
	});
	return id;
}

async function inviteOf(roomId: string) {
	const [row] = await setup.services.db
		.select({ inviteToken: roomsTable.inviteToken })
		.from(roomsTable)
		.where(eq(roomsTable.id, roomId));
	return row!.inviteToken;
}

/** An anonymous visitor joining by the candidate's invite link. */
async function joinByInvite(id: string, input: Omit<JoinRoomInput, 'id' | 'invite'> = {}) {
	return anonymous().rooms.join({ id, invite: await inviteOf(id), ...input });
}

async function storedSecret(roomId: string) {
	const [row] = await setup.services.db
		.select({ secret: roomsTable.secret })
		.from(roomsTable)
		.where(eq(roomsTable.id, roomId));
	return row!.secret;
}

describe('rooms.create and rooms.list', () => {
	it('requires a signed-in user', async () => {
		const error = await trpcErrorOf(anonymous().rooms.create({ title: 'x', language: 'go' }));
		expect(error.code).toBe('UNAUTHORIZED');
		expect((await trpcErrorOf(anonymous().rooms.list())).code).toBe('UNAUTHORIZED');
	});

	const unscheduled = {
		scheduledAt: null,
		durationMinutes: null,
		opensAt: null,
		candidateName: null,
		candidateEmail: null,
		passwordRequired: false
	};

	it("lists the caller's open rooms, newest first, and nobody else's", async () => {
		const lister = await signUpInterviewer(setup.services, 'Lister');
		const caller = callerFor(setup.services, lister).caller;
		const first = await caller.rooms.create({ title: '  Binary search  ', language: 'python' });
		const second = await caller.rooms.create({ title: 'Linked lists', language: 'typescript' });
		const foreign = await createRoom('Not yours', otherOwner);

		const rooms = await caller.rooms.list();

		expect(rooms).toEqual([
			{
				id: second.id,
				title: 'Linked lists',
				language: 'typescript',
				status: 'open',
				createdAt: expect.any(Date),
				endedAt: null,
				startedAt: null,
				durationMs: null,
				participants: [],
				...unscheduled,
				phase: 'open',
				inviteToken: second.inviteToken
			},
			{
				id: first.id,
				title: 'Binary search',
				language: 'python',
				status: 'open',
				createdAt: expect.any(Date),
				endedAt: null,
				startedAt: null,
				durationMs: null,
				participants: [],
				...unscheduled,
				phase: 'open',
				inviteToken: first.inviteToken
			}
		]);
		expect(rooms.map((room) => room.id)).not.toContain(foreign);
		expect(rooms[0]).not.toHaveProperty('secret');
	});

	it('honours the list limit', async () => {
		const lister = await signUpInterviewer(setup.services, 'Limited');
		const caller = callerFor(setup.services, lister).caller;
		await caller.rooms.create({ title: 'One', language: 'go' });
		const newest = await caller.rooms.create({ title: 'Two', language: 'go' });

		const rooms = await caller.rooms.list({ limit: 1 });

		expect(rooms.map((room) => room.id)).toEqual([newest.id]);
	});

	it.each([
		{ case: 'an empty title', input: { title: '', language: 'python' } },
		{ case: 'a blank title', input: { title: '   ', language: 'python' } },
		{ case: 'a 121-character title', input: { title: 'x'.repeat(121), language: 'python' } },
		{ case: 'an unknown language', input: { title: 'Sorting', language: 'cobol' } }
	])('rejects $case with BAD_REQUEST', async ({ input }) => {
		// The cast sends what a hand-written HTTP request could send.
		const error = await trpcErrorOf(
			asOwner().rooms.create(input as { title: string; language: 'go' })
		);
		expect(error.code).toBe('BAD_REQUEST');
	});
});

describe('rooms.byId', () => {
	it('shows title, language and owner name, but never the secret or the invite', async () => {
		const id = await createRoom('System design');

		const room = await anonymous().rooms.byId({ id });

		expect(room).toEqual({
			id,
			title: 'System design',
			language: 'python',
			status: 'open',
			endedAt: null,
			ownerName: 'Ada Lovelace',
			viewerIsOwner: false,
			viewerIsInterviewer: false,
			link: 'missing',
			scheduledAt: null,
			durationMinutes: null,
			opensAt: null,
			serverNow: expect.any(String),
			passwordRequired: false,
			candidateName: null,
			inviteToken: null
		});
		expect(JSON.stringify(room)).not.toContain(await storedSecret(id));
		expect(JSON.stringify(room)).not.toContain(await inviteOf(id));
		const asSeenByOwner = await asOwner().rooms.byId({ id });
		expect(asSeenByOwner).toMatchObject({ viewerIsOwner: true, inviteToken: await inviteOf(id) });
		expect(JSON.stringify(asSeenByOwner)).not.toContain(await storedSecret(id));
	});

	it('answers an unknown id with NOT_FOUND naming the id', async () => {
		const id = randomUUID();
		const error = await trpcErrorOf(anonymous().rooms.byId({ id }));
		expect(error.code).toBe('NOT_FOUND');
		expect(error.message).toContain(id);
	});

	it('answers a malformed id with BAD_REQUEST', async () => {
		const error = await trpcErrorOf(anonymous().rooms.byId({ id: 'not-a-uuid' }));
		expect(error.code).toBe('BAD_REQUEST');
		expect(error.message).toContain('Interview id must be a UUID');
	});
});

describe('rooms.join', () => {
	it('admits the owner as interviewer under their own name, without asking for one', async () => {
		const id = await createRoom();

		const joined = await asOwner().rooms.join({ id });

		expect(joined.role).toBe('interviewer');
		expect(joined.name).toBe('Ada Lovelace');
		await expect(setup.services.tokens.verifyRoomToken(joined.token)).resolves.toEqual({
			participantId: joined.participantId,
			roomId: id,
			role: 'interviewer',
			name: 'Ada Lovelace',
			colorIndex: 0,
			clientBlock: joined.clientBlock,
			issuedAt: expect.any(Date)
		});
		// Peers can check the token with the public key that comes with it.
		const { payload } = await jwtVerify(joined.token, await importJWK(joined.roomKey, 'EdDSA'));
		expect(payload).toMatchObject({ sub: joined.participantId, room: id, role: 'interviewer' });
		const [participant] = await setup.services.db
			.select({ userId: participantsTable.userId, role: participantsTable.role })
			.from(participantsTable)
			.where(eq(participantsTable.id, joined.participantId));
		expect(participant).toEqual({ userId: owner.id, role: 'interviewer' });
	});

	it('admits anyone else with a name as candidate, with the room secret and topic', async () => {
		const id = await createRoom('Graphs');

		const joined = await joinByInvite(id, { name: '  Alan Turing ' });

		expect(joined).toMatchObject({
			role: 'candidate',
			name: 'Alan Turing',
			room: { id, title: 'Graphs', language: 'python', status: 'open' },
			topic: `pairdesk:${id}`,
			peerId: `${id}_${joined.participantId}`,
			iceServers: [{ urls: 'stun:stun.example.com:3478' }]
		});
		expect(joined.secret).toBe(await storedSecret(id));
		await expect(setup.services.tokens.verifyRoomToken(joined.token)).resolves.toEqual({
			participantId: joined.participantId,
			roomId: id,
			role: 'candidate',
			name: 'Alan Turing',
			colorIndex: 0,
			clientBlock: joined.clientBlock,
			issuedAt: expect.any(Date)
		});
	});

	it('numbers participants in order of admission, so their cursor colours differ', async () => {
		const id = await createRoom();
		const interviewer = await asOwner().rooms.join({ id });
		const candidate = await joinByInvite(id, { name: 'Grace' });
		const third = await joinByInvite(id, { name: 'Linus' });
		expect([interviewer.colorIndex, candidate.colorIndex, third.colorIndex]).toEqual([0, 1, 2]);
		const resumed = await anonymous().rooms.join({ id, resumeToken: candidate.token });
		expect(resumed.colorIndex).toBe(1);
	});

	it('admits another signed-in interviewer as candidate, not interviewer', async () => {
		const id = await createRoom();
		const joined = await callerFor(setup.services, otherOwner).caller.rooms.join({
			id,
			name: 'Guest',
			invite: await inviteOf(id)
		});
		expect(joined.role).toBe('candidate');
	});

	it('asks a candidate without a name or resume token for a name', async () => {
		const id = await createRoom();
		const error = await trpcErrorOf(joinByInvite(id));
		expect(error.code).toBe('BAD_REQUEST');
		expect(error.message).toBe('Enter your name to join');
	});

	it('answers an unknown room with NOT_FOUND', async () => {
		const error = await trpcErrorOf(anonymous().rooms.join({ id: randomUUID(), name: 'Alan' }));
		expect(error.code).toBe('NOT_FOUND');
	});

	it('keeps the same identity when a candidate resumes with an earlier token', async () => {
		const id = await createRoom();
		const first = await joinByInvite(id, { name: 'Alan Turing' });

		const resumed = await anonymous().rooms.join({ id, resumeToken: first.token });

		expect(resumed.participantId).toBe(first.participantId);
		expect(resumed.colorIndex).toBe(first.colorIndex);
		expect(resumed.name).toBe('Alan Turing');
		expect(resumed.role).toBe('candidate');
	});

	it('ignores a resume token issued for another room', async () => {
		const id = await createRoom();
		const elsewhere = await joinByInvite(await createRoom(), { name: 'Alan' });

		const error = await trpcErrorOf(joinByInvite(id, { resumeToken: elsewhere.token }));
		expect(error.code).toBe('BAD_REQUEST');

		const joined = await joinByInvite(id, { name: 'Alan', resumeToken: elsewhere.token });
		expect(joined.participantId).not.toBe(elsewhere.participantId);
	});

	it('ignores a resume token signed with another key', async () => {
		const id = await createRoom();
		const forger = createTokenService(randomBytes(32));
		const forged = await forger.signRoomToken({
			participantId: randomUUID(),
			roomId: id,
			role: 'candidate',
			name: 'Mallory',
			colorIndex: 0
		});

		const error = await trpcErrorOf(joinByInvite(id, { resumeToken: forged }));
		expect(error.code).toBe('BAD_REQUEST');

		const joined = await joinByInvite(id, { name: 'Eve', resumeToken: forged });
		expect(joined.name).toBe('Eve');
	});

	it("does not let a stranger resume with the interviewer's token", async () => {
		const id = await createRoom();
		const interviewer = await asOwner().rooms.join({ id });

		const stranger = await joinByInvite(id, {
			name: 'Mallory',
			resumeToken: interviewer.token
		});

		expect(stranger.role).toBe('candidate');
		expect(stranger.participantId).not.toBe(interviewer.participantId);
	});
});

describe('observer links', () => {
	it('admit whoever follows them as a named observer, until revoked', async () => {
		const id = await createRoom();
		const { linkId } = await asOwner().rooms.createObserverLink({ id });

		const watcher = await anonymous().rooms.join({ id, name: 'Watcher', observerLink: linkId });
		expect(watcher.role).toBe('observer');
		expect((await setup.services.tokens.verifyRoomToken(watcher.token)).role).toBe('observer');

		await asOwner().rooms.revokeObserverLink({ id, linkId });
		const refused = await trpcErrorOf(
			anonymous().rooms.join({ id, name: 'Late watcher', observerLink: linkId })
		);
		expect(refused.code).toBe('FORBIDDEN');
		expect(refused.message).toBe('This observer link has been revoked by the interviewer');
	});

	it('are listed with who came in by each; revoking one shuts its observers out', async () => {
		const id = await createRoom();
		const { linkId: first } = await asOwner().rooms.createObserverLink({ id });
		const { linkId: second } = await asOwner().rooms.createObserverLink({ id });
		const watcher = await anonymous().rooms.join({ id, name: 'Watcher', observerLink: first });
		await anonymous().rooms.join({ id, name: 'Other', observerLink: second });
		expect((await setup.services.tokens.verifyRoomToken(watcher.token)).observerLink).toBe(first);

		await asOwner().rooms.revokeObserverLink({ id, linkId: first });
		const links = await asOwner().rooms.observerLinks({ id });
		expect(
			links.map(({ id, observers, revokedAt }) => ({ id, observers, revoked: !!revokedAt }))
		).toEqual([
			{ id: second, observers: ['Other'], revoked: false },
			{ id: first, observers: ['Watcher'], revoked: true }
		]);

		const signal = {
			type: 'signal' as const,
			id: randomUUID(),
			at: Date.now(),
			signal: { kind: 'joined' as const }
		};
		const upload = await trpcErrorOf(
			anonymous().recording.upload({ token: watcher.token, entries: [signal] })
		);
		expect(upload.code).toBe('FORBIDDEN');
		expect(upload.message).toBe('The interviewer revoked the observer link you came in by');
		const stranger = callerFor(setup.services, otherOwner).caller;
		expect((await trpcErrorOf(stranger.rooms.observerLinks({ id }))).code).toBe('NOT_FOUND');
	});

	it("refuse another interview's link, and only the owner makes or revokes them", async () => {
		const id = await createRoom();
		const other = await createRoom();
		const { linkId } = await asOwner().rooms.createObserverLink({ id: other });
		const wrongRoom = await trpcErrorOf(
			anonymous().rooms.join({ id, name: 'Watcher', observerLink: linkId })
		);
		expect(wrongRoom.message).toBe('This observer link is not valid for this interview');

		const stranger = callerFor(setup.services, otherOwner).caller;
		expect((await trpcErrorOf(stranger.rooms.createObserverLink({ id }))).code).toBe('NOT_FOUND');
		expect((await trpcErrorOf(stranger.rooms.revokeObserverLink({ id: other, linkId }))).code).toBe(
			'NOT_FOUND'
		);
	});

	it('leave observers unable to run code or upload edits; they upload only their chat lines, when allowed', async () => {
		const id = await createRoom();
		const { linkId } = await asOwner().rooms.createObserverLink({ id });
		const watcher = await anonymous().rooms.join({ id, name: 'Watcher', observerLink: linkId });

		const run = await trpcErrorOf(
			anonymous().runs.start({ token: watcher.token, language: 'python', source: 'print(1)' })
		);
		expect(run.code).toBe('FORBIDDEN');
		const room = roomDoc();
		room.doc.clientID = clientIdOf(watcher.clientBlock!, 0);
		const updates: Uint8Array[] = [];
		room.doc.on('update', (produced: Uint8Array) => updates.push(produced));
		const line = (authorId: string) => ({
			id: randomUUID(),
			authorId,
			author: 'Watcher',
			role: 'observer' as const,
			text: 'a question',
			sentAt: Date.now()
		});
		room.code.insert(0, 'sneaky');
		appendChat(room, line(randomUUID()));
		appendChat(room, line(watcher.participantId));
		const upload = (update: Uint8Array, token = watcher.token) =>
			anonymous().recording.upload({
				token,
				entries: [
					{ type: 'update', at: Date.now(), update: Buffer.from(update).toString('base64') }
				]
			});
		const refusal = 'entries.0: the observer role may not make this change';

		for (const refused of updates) {
			const error = await trpcErrorOf(upload(refused));
			expect(error.code).toBe('BAD_REQUEST');
			expect(error.message).toBe(refusal);
		}
		// Once the interviewer lets observers chat, their own lines count; nothing else does.
		const host = await asOwner().rooms.join({ id });
		const controls = roomDoc();
		controls.doc.clientID = clientIdOf(host.clientBlock!, 0);
		controls.doc.on('update', (produced: Uint8Array) => updates.push(produced));
		writeControl(controls, 'observersMayChat', true);
		await upload(updates.at(-1)!, host.token);
		expect(await upload(updates[2]!)).toEqual({ stored: 1, late: 0 });
		expect((await trpcErrorOf(upload(updates[1]!))).message).toBe(refusal);
	});
});

describe('rooms.list for finished interviews', () => {
	/**
	 * A participant's editor writing as Yjs client `clientId`: each change returns the recorded
	 * update it produced, at `at`.
	 */
	function editor(clientId: number) {
		const room = roomDoc();
		room.doc.clientID = clientId;
		return {
			change(at: number, edit: (room: RoomDoc) => void): RecordedEntry {
				let update: Uint8Array | undefined;
				room.doc.once('update', (produced: Uint8Array) => (update = produced));
				edit(room);
				return { type: 'update', at, update: Buffer.from(update!).toString('base64') };
			}
		};
	}

	it("shows the replay's duration and the language the interview ended in", async () => {
		const room = await roomWithParticipants(setup.services);
		const minute = 60_000;
		// Whole seconds: segments keep author times to 10 ms.
		const began = Math.floor(Date.now() / 1000) * 1000 - 47 * minute;
		const candidate = editor(room.candidateClient);
		const interviewer = editor(room.interviewerClient);
		await callerFor(setup.services).caller.recording.upload({
			token: room.candidateToken,
			entries: [
				candidate.change(began, (doc) => doc.code.insert(0, 'def solve():')),
				candidate.change(began + 20 * minute, (doc) => doc.code.insert(12, ' pass'))
			]
		});
		await callerFor(setup.services).caller.recording.upload({
			token: room.interviewerToken,
			entries: [interviewer.change(began + 30 * minute, (doc) => writeLanguage(doc, 'go'))]
		});
		const owner = callerFor(setup.services, room.interviewer).caller;
		await owner.rooms.end({ id: room.roomId });

		const replay = new SessionReplay(await owner.recording.session({ id: room.roomId }));
		const listed = (await owner.rooms.list()).find((entry) => entry.id === room.roomId)!;

		expect(replay.frameAt(replay.timeline.end).language).toBe('go');
		expect(listed.language).toBe('go');
		expect(listed.durationMs).toBe(replay.timeline.end - replay.timeline.start);
		expect(listed.durationMs).toBeGreaterThan(46 * minute);
		expect(listed.startedAt).toBe(new Date(began).toISOString());
	});

	it('gives an open interview no duration and its chosen language', async () => {
		const room = await roomWithParticipants(setup.services);
		const owner = callerFor(setup.services, room.interviewer).caller;
		const listed = (await owner.rooms.list()).find((entry) => entry.id === room.roomId)!;
		expect(listed).toMatchObject({ language: 'python', durationMs: null, startedAt: null });
	});
});
