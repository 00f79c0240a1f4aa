import { beforeAll, describe, expect, it } from 'vitest';
import { roomPasswordLimits } from '../auth/throttles';
import type { SessionUser } from '../auth/tokens';
import { callerFor, trpcErrorOf } from '../test-support/caller';
import { nonce } from '../test-support/database';
import { signUpInterviewer, useTestServices } from '../test-support/services';
import type { JoinRoomInput, ScheduleInput } from '../../../src/lib/protocol/rooms';

const minutes = (count: number) => count * 60_000;

/** The server's clock in these tests; each test sets it. */
const clock = { now: new Date('2030-05-01T12:00:00Z') };
const setup = useTestServices({ clock: () => clock.now });
let owner: SessionUser;

beforeAll(async () => {
	owner = await signUpInterviewer(setup.services);
});

const asOwner = () => callerFor(setup.services, owner).caller;
const anonymous = (clientIp?: string) => callerFor(setup.services, null, { clientIp }).caller;
const inMinutes = (count: number) => new Date(clock.now.getTime() + minutes(count)).toISOString();

function schedule(overrides: Partial<ScheduleInput> = {}): ScheduleInput {
	return {
		startsAt: inMinutes(60),
		durationMinutes: 45,
		candidateName: 'Alan Turing',
		candidateEmail: 'alan@example.com',
		...overrides
	};
}

async function createRoom(options: { schedule?: ScheduleInput; password?: string } = {}) {
	return asOwner().rooms.create({ title: `Interview ${nonce()}`, language: 'python', ...options });
}

describe('rooms.create with a schedule', () => {
	it('stores the schedule and the candidate, and lists them with the invite token', async () => {
		clock.now = new Date('2030-05-01T12:00:00Z');
		const room = await createRoom({ schedule: schedule(), password: 'open sesame' });

		const [listed] = (await asOwner().rooms.list()).filter((row) => row.id === room.id);

		expect(listed).toMatchObject({
			scheduledAt: '2030-05-01T13:00:00.000Z',
			durationMinutes: 45,
			opensAt: '2030-05-01T12:45:00.000Z',
			candidateName: 'Alan Turing',
			candidateEmail: 'alan@example.com',
			passwordRequired: true,
			inviteToken: room.inviteToken
		});
		expect(room.inviteToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
	});

	it('gives every interview its own invite token', async () => {
		const first = await createRoom();
		const second = await createRoom();
		expect(first.inviteToken).not.toBe(second.inviteToken);
	});

	it.each([
		{ case: 'a 14-minute duration', change: { durationMinutes: 14 }, message: 'at least 15' },
		{ case: 'a 481-minute duration', change: { durationMinutes: 481 }, message: 'at most 480' },
		{ case: 'a malformed email', change: { candidateEmail: 'alan@' }, message: 'valid email' },
		{
			case: 'neither name nor email',
			change: { candidateName: undefined, candidateEmail: undefined },
			message: "candidate's name or email"
		},
		{ case: 'a start without a date', change: { startsAt: '14:00' }, message: 'date and time' }
	])('refuses $case with BAD_REQUEST', async ({ change, message }) => {
		const error = await trpcErrorOf(createRoom({ schedule: schedule(change) }));
		expect(error.code).toBe('BAD_REQUEST');
		expect(error.message).toContain(message);
	});

	it('refuses a start in the past by the server clock, beyond a few minutes', async () => {
		clock.now = new Date('2030-05-01T12:00:00Z');
		const error = await trpcErrorOf(
			createRoom({ schedule: schedule({ startsAt: inMinutes(-6) }) })
		);
		expect(error.code).toBe('BAD_REQUEST');
		expect(error.message).toBe(
			'The start time 2030-05-01T11:54:00.000Z is in the past (server time is 2030-05-01T12:00:00.000Z)'
		);
		await expect(createRoom({ schedule: schedule({ startsAt: inMinutes(-4) }) })).resolves.toEqual(
			expect.objectContaining({ id: expect.any(String) })
		);
	});

	it('refuses a room password shorter than 6 characters', async () => {
		const error = await trpcErrorOf(createRoom({ password: 'short' }));
		expect(error.code).toBe('BAD_REQUEST');
		expect(error.message).toContain('Room password must be at least 6 characters');
	});
});

describe('rooms.schedule', () => {
	it('lets the owner reschedule, or open the interview at once', async () => {
		clock.now = new Date('2030-05-01T12:00:00Z');
		const { id } = await createRoom({ schedule: schedule() });

		const moved = await asOwner().rooms.schedule({
			id,
			schedule: schedule({ startsAt: inMinutes(120), durationMinutes: 90 })
		});
		expect(moved).toEqual({
			scheduledAt: '2030-05-01T14:00:00.000Z',
			durationMinutes: 90,
			opensAt: '2030-05-01T13:45:00.000Z'
		});
		expect((await anonymous().rooms.byId({ id })).opensAt).toBe('2030-05-01T13:45:00.000Z');

		const now = await asOwner().rooms.schedule({ id, schedule: null });
		expect(now).toEqual({ scheduledAt: null, durationMinutes: null, opensAt: null });
	});

	it('is for the owner only, and not for an ended interview', async () => {
		const { id } = await createRoom({ schedule: schedule() });
		const stranger = await signUpInterviewer(setup.services, 'Mallory');
		const refused = await trpcErrorOf(
			callerFor(setup.services, stranger).caller.rooms.schedule({ id, schedule: null })
		);
		expect(refused.code).toBe('NOT_FOUND');
		expect((await trpcErrorOf(anonymous().rooms.schedule({ id, schedule: null }))).code).toBe(
			'UNAUTHORIZED'
		);

		await asOwner().rooms.end({ id });
		const ended = await trpcErrorOf(asOwner().rooms.schedule({ id, schedule: schedule() }));
		expect(ended.message).toBe('This interview has ended: it cannot be rescheduled');
	});
});

describe('rooms.byId for the join page', () => {
	it("says whether the visitor's invite or observer link is valid", async () => {
		const { id, inviteToken } = await createRoom({ schedule: schedule() });
		const { linkId } = await asOwner().rooms.createObserverLink({ id });
		const { linkId: revoked } = await asOwner().rooms.createObserverLink({ id });
		await asOwner().rooms.revokeObserverLink({ id, linkId: revoked });
		const other = await createRoom();
		const { linkId: foreign } = await asOwner().rooms.createObserverLink({ id: other.id });
		const linkOf = async (input: { invite?: string; observe?: string }) =>
			(await anonymous().rooms.byId({ id, ...input })).link;

		expect(await linkOf({ invite: inviteToken })).toBe('valid');
		expect(await linkOf({})).toBe('missing');
		expect(await linkOf({ invite: `${inviteToken}x` })).toBe('invalid');
		expect(await linkOf({ invite: other.inviteToken })).toBe('invalid');
		expect(await linkOf({ observe: linkId })).toBe('valid');
		expect(await linkOf({ observe: revoked })).toBe('revoked');
		expect(await linkOf({ observe: foreign })).toBe('invalid');
		expect(await linkOf({ observe: 'not-a-link' })).toBe('invalid');
	});

	it('gives the schedule with the server time, and the candidate name only to the invited', async () => {
		clock.now = new Date('2030-05-01T12:00:00Z');
		const { id, inviteToken } = await createRoom({
			schedule: schedule({ startsAt: '2030-05-01T13:00:00Z' }),
			password: 'open sesame'
		});

		const invited = await anonymous().rooms.byId({ id, invite: inviteToken });
		expect(invited).toMatchObject({
			link: 'valid',
			scheduledAt: '2030-05-01T13:00:00.000Z',
			durationMinutes: 45,
			opensAt: '2030-05-01T12:45:00.000Z',
			serverNow: '2030-05-01T12:00:00.000Z',
			passwordRequired: true,
			candidateName: 'Alan Turing',
			inviteToken: null
		});
		expect((await anonymous().rooms.byId({ id })).candidateName).toBeNull();
	});
});

describe('rooms.join for candidates', () => {
	it('needs the invite token: a missing or forged one is refused', async () => {
		const { id, inviteToken } = await createRoom();
		const other = await createRoom();
		const join = (input: Omit<JoinRoomInput, 'id'>) =>
			trpcErrorOf(anonymous().rooms.join({ id, name: 'Mallory', ...input }));

		const missing = await join({});
		expect(missing.code).toBe('FORBIDDEN');
		expect(missing.message).toBe(
			'This interview is invite-only: open the link from your invitation'
		);
		const lastCharChanged = inviteToken.slice(0, -1) + (inviteToken.endsWith('A') ? 'B' : 'A');
		for (const invite of [lastCharChanged, other.inviteToken, '']) {
			const forged = await join({ invite });
			expect(forged.code).toBe('FORBIDDEN');
			expect(forged.message).toBe('This invite link is not valid for this interview');
		}
		const joined = await anonymous().rooms.join({ id, name: 'Alan', invite: inviteToken });
		expect(joined.role).toBe('candidate');
	});

	it('admits candidates and observers from 15 minutes before the start, by the server clock', async () => {
		clock.now = new Date('2030-05-01T12:00:00Z');
		const { id, inviteToken } = await createRoom({
			schedule: schedule({ startsAt: '2030-05-01T12:30:00Z' })
		});
		const { linkId } = await asOwner().rooms.createObserverLink({ id });

		clock.now = new Date('2030-05-01T12:14:59Z');
		const early = [
			anonymous().rooms.join({ id, name: 'Alan', invite: inviteToken }),
			anonymous().rooms.join({ id, name: 'Watcher', observerLink: linkId })
		];
		for (const attempt of early) {
			const refused = await trpcErrorOf(attempt);
			expect(refused.code).toBe('FORBIDDEN');
			expect(refused.message).toBe(
				'This interview opens at 2030-05-01T12:15:00.000Z, 15 minutes before it starts (server time is now 2030-05-01T12:14:59.000Z)'
			);
		}
		// The interviewer is never kept waiting.
		expect((await asOwner().rooms.join({ id })).role).toBe('interviewer');

		clock.now = new Date('2030-05-01T12:15:00Z');
		const candidate = await anonymous().rooms.join({ id, name: 'Alan', invite: inviteToken });
		expect(candidate.role).toBe('candidate');
		const observer = await anonymous().rooms.join({ id, name: 'Watcher', observerLink: linkId });
		expect(observer.role).toBe('observer');
	});

	it('keeps a resumed admission working when the window no longer admits newcomers', async () => {
		clock.now = new Date('2030-05-01T12:00:00Z');
		const { id, inviteToken } = await createRoom({
			schedule: schedule({ startsAt: inMinutes(5) })
		});
		const first = await anonymous().rooms.join({ id, name: 'Alan', invite: inviteToken });

		await asOwner().rooms.schedule({ id, schedule: schedule({ startsAt: inMinutes(120) }) });
		const newcomer = await trpcErrorOf(
			anonymous().rooms.join({ id, name: 'Grace', invite: inviteToken })
		);
		expect(newcomer.message).toContain('This interview opens at');

		const resumed = await anonymous().rooms.join({ id, resumeToken: first.token });
		expect(resumed.participantId).toBe(first.participantId);
	});

	it('admits nobody new once the interview has ended', async () => {
		const { id, inviteToken } = await createRoom();
		await asOwner().rooms.end({ id });
		const refused = await trpcErrorOf(
			anonymous().rooms.join({ id, name: 'Alan', invite: inviteToken })
		);
		expect(refused.code).toBe('FORBIDDEN');
		expect(refused.message).toBe('This interview has ended: nobody new can join');
	});
});

describe('room passwords', () => {
	it('must be given by candidates and observers, but not by the interviewer', async () => {
		const { id, inviteToken } = await createRoom({ password: 'open sesame' });
		const { linkId } = await asOwner().rooms.createObserverLink({ id });
		const join = (input: Omit<JoinRoomInput, 'id'>) =>
			anonymous().rooms.join({ id, name: 'Alan', ...input });

		const missing = await trpcErrorOf(join({ invite: inviteToken }));
		expect(missing.code).toBe('UNAUTHORIZED');
		expect(missing.message).toBe('This interview is protected by a password: enter it to join');
		const wrong = await trpcErrorOf(join({ invite: inviteToken, password: 'open sesame!' }));
		expect(wrong.code).toBe('UNAUTHORIZED');
		expect(wrong.message).toBe('Wrong password for this interview');
		const observerWrong = await trpcErrorOf(join({ observerLink: linkId, password: 'guess' }));
		expect(observerWrong.message).toBe('Wrong password for this interview');

		const candidate = await join({ invite: inviteToken, password: 'open sesame' });
		expect(candidate.role).toBe('candidate');
		expect((await join({ observerLink: linkId, password: 'open sesame' })).role).toBe('observer');
		expect((await asOwner().rooms.join({ id })).role).toBe('interviewer');
		const resumed = await anonymous().rooms.join({ id, resumeToken: candidate.token });
		expect(resumed.participantId).toBe(candidate.participantId);
	});

	it('slows down repeated wrong guesses from one address', async () => {
		const { id, inviteToken } = await createRoom({ password: 'open sesame' });
		const guess = (password: string, clientIp = '192.0.2.7') =>
			anonymous(clientIp).rooms.join({ id, name: 'Mallory', invite: inviteToken, password });

		for (let attempt = 0; attempt < roomPasswordLimits.roomAndAddress.points; attempt++) {
			expect((await trpcErrorOf(guess(`wrong ${attempt}`))).code).toBe('UNAUTHORIZED');
		}
		const throttled = await trpcErrorOf(guess('open sesame'));
		expect(throttled.code).toBe('TOO_MANY_REQUESTS');
		expect(throttled.message).toMatch(
			/^Too many password attempts for this interview; try again in \d+ s$/
		);

		expect((await guess('open sesame', '192.0.2.8')).role).toBe('candidate');
	});
});
