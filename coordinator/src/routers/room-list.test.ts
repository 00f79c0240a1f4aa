import { beforeAll, describe, expect, it } from 'vitest';
import { maxInterviewSearchLength } from '../../../src/lib/protocol/room-list';
import type { SessionUser } from '../auth/tokens';
import { callerFor, trpcErrorOf } from '../test-support/caller';
import { nonce } from '../test-support/database';
import { postJson, type TrpcTestServer } from '../test-support/trpc-server';
import { signUpInterviewer, useTestServices, useTrpcServer } from '../test-support/services';
import { containsPattern, interviewPhase } from './room-list';

const setup = useTestServices();
const server = useTrpcServer(setup);
const caller = (user: SessionUser) => callerFor(setup.services, user).caller;
const tomorrow = () => new Date(Date.now() + 24 * 3_600_000).toISOString();

describe('interviewPhase', () => {
	const now = new Date('2030-01-01T12:00:00Z');
	const at = (iso: string) => new Date(iso);

	it('puts every interview in one place: upcoming until its planned end, then open; ended', () => {
		const scheduled = (iso: string) => ({
			status: 'open',
			scheduledAt: at(iso),
			durationMinutes: 60
		});
		expect(interviewPhase(scheduled('2030-01-02T09:00:00Z'), now)).toBe('upcoming');
		expect(interviewPhase(scheduled('2030-01-01T11:30:00Z'), now)).toBe('upcoming');
		expect(interviewPhase(scheduled('2030-01-01T10:00:00Z'), now)).toBe('open');
		expect(interviewPhase({ status: 'open', scheduledAt: null, durationMinutes: null }, now)).toBe(
			'open'
		);
		expect(interviewPhase({ ...scheduled('2030-01-02T09:00:00Z'), status: 'ended' }, now)).toBe(
			'ended'
		);
	});
});

describe('rooms.list lists each interview once', () => {
	let owner: SessionUser;
	let colleagues: SessionUser[];
	const ids = { upcoming: '', open: '', ended: '' };

	beforeAll(async () => {
		owner = await signUpInterviewer(setup.services, 'Owner');
		colleagues = [
			await signUpInterviewer(setup.services, 'Colleague one'),
			await signUpInterviewer(setup.services, 'Colleague two')
		];
		const asOwner = caller(owner);
		ids.upcoming = (
			await asOwner.rooms.create({
				title: 'Planned',
				language: 'go',
				schedule: { startsAt: tomorrow(), durationMinutes: 60, candidateName: 'Grace' }
			})
		).id;
		ids.open = (await asOwner.rooms.create({ title: 'Now', language: 'go' })).id;
		ids.ended = (await asOwner.rooms.create({ title: 'Done', language: 'go' })).id;
		for (const id of Object.values(ids)) {
			for (const colleague of colleagues) {
				await asOwner.interviewers.add({ id, email: colleague.email });
			}
		}
		// The owner in two browsers, and both colleagues: four interviewer admissions.
		await asOwner.rooms.join({ id: ids.ended });
		await asOwner.rooms.join({ id: ids.ended });
		for (const colleague of colleagues) await caller(colleague).rooms.join({ id: ids.ended });
		await asOwner.rooms.end({ id: ids.ended });
	});

	it('for the owner and for each co-interviewer, in the one place its phase says', async () => {
		for (const user of [owner, ...colleagues]) {
			const listed = await caller(user).rooms.list();
			expect(listed.map((room) => [room.id, room.phase])).toEqual([
				[ids.ended, 'ended'],
				[ids.open, 'open'],
				[ids.upcoming, 'upcoming']
			]);
		}
	});

	it('with each person who took part once, however often they came in', async () => {
		const ended = (await caller(owner).rooms.list()).find((room) => room.id === ids.ended)!;
		expect(ended.participants).toEqual([
			{ name: 'Owner', role: 'interviewer' },
			{ name: 'Colleague one', role: 'interviewer' },
			{ name: 'Colleague two', role: 'interviewer' }
		]);
	});

	it('gives an ended interview no candidate link, and the others theirs', async () => {
		const listed = await caller(owner).rooms.list();
		const byId = new Map(listed.map((room) => [room.id, room]));
		expect(byId.get(ids.ended)!.inviteToken).toBeNull();
		expect(byId.get(ids.open)!.inviteToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
		expect(byId.get(ids.upcoming)!.inviteToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
	});
});

describe('rooms.list search', () => {
	let owner: SessionUser;
	const run = nonce();
	const ids = { title: '', scheduled: '', admitted: '', other: '' };

	beforeAll(async () => {
		owner = await signUpInterviewer(setup.services, 'Searcher');
		const asOwner = caller(owner);
		ids.title = (await asOwner.rooms.create({ title: `Graphs ${run} 100%`, language: 'go' })).id;
		ids.scheduled = (
			await asOwner.rooms.create({
				title: 'Scheduled screen',
				language: 'go',
				schedule: { startsAt: tomorrow(), durationMinutes: 30, candidateName: `Ada_${run}` }
			})
		).id;
		const admitted = await asOwner.rooms.create({ title: 'Walk-in', language: 'go' });
		ids.admitted = admitted.id;
		for (const name of [`Lin ${run}`, `Lin ${run} again`]) {
			await callerFor(setup.services).caller.rooms.join({
				id: admitted.id,
				name,
				invite: admitted.inviteToken
			});
		}
		ids.other = (await asOwner.rooms.create({ title: 'Unrelated', language: 'go' })).id;
	});

	const search = async (text: string) =>
		(await caller(owner).rooms.list({ search: text })).map((room) => room.id);

	it('finds part of a title, ignoring case', async () => {
		expect(await search(`GRAPHS ${run}`)).toEqual([ids.title]);
	});

	it("finds a scheduled candidate's name and an admitted candidate's, each room once", async () => {
		expect(await search(`ada_${run}`)).toEqual([ids.scheduled]);
		expect(await search(`lin ${run}`)).toEqual([ids.admitted]);
	});

	it('takes % and _ literally', async () => {
		expect(await search(`${run} 100%`)).toEqual([ids.title]);
		expect(await search('%')).toEqual([ids.title]);
		expect(await search(`Ada_${run}`)).toEqual([ids.scheduled]);
		expect(await search(`Ada%${run}`)).toEqual([]);
		expect(containsPattern('a\\b%c_d')).toBe('%a\\\\b\\%c\\_d%');
	});

	it('lists everything for a blank search, and refuses one too long', async () => {
		expect(await search('   ')).toEqual([ids.other, ids.admitted, ids.scheduled, ids.title]);
		const error = await trpcErrorOf(
			caller(owner).rooms.list({ search: 'x'.repeat(maxInterviewSearchLength + 1) })
		);
		expect(error.code).toBe('BAD_REQUEST');
	});
});

describe('hostile: a search cannot reach another interviewer’s interviews', () => {
	const run = nonce();
	let cookie: string;
	let own: string;

	/** A session cookie for a fresh account, signed up with a raw request. */
	async function attackerCookie(target: TrpcTestServer) {
		const response = await postJson(target, 'auth.signUp', {
			email: `attacker-${run}@example.com`,
			password: 'attacker password',
			name: 'Mallory'
		});
		expect(response.status).toBe(200);
		return response.headers.get('set-cookie')!.split(';')[0]!;
	}

	beforeAll(async () => {
		const victim = await signUpInterviewer(setup.services, `Victim ${run}`);
		const asVictim = caller(victim);
		const secret = await asVictim.rooms.create({ title: `Secret ${run}`, language: 'go' });
		await callerFor(setup.services).caller.rooms.join({
			id: secret.id,
			name: `Candidate ${run}`,
			invite: secret.inviteToken
		});
		await asVictim.rooms.create({
			title: `Planned ${run}`,
			language: 'go',
			schedule: { startsAt: tomorrow(), durationMinutes: 30, candidateName: `Candidate ${run}` }
		});
		expect(await asVictim.rooms.list({ search: run })).toHaveLength(2);
		cookie = await attackerCookie(server);
		const created = await postJson(
			server,
			'rooms.create',
			{ title: `Secret ${run} of my own`, language: 'go' },
			{ cookie }
		);
		own = (await created.json()).result.data.id;
	});

	async function listAs(search: unknown) {
		const input = encodeURIComponent(JSON.stringify({ search }));
		return fetch(`${server.url}/rooms.list?input=${input}`, { headers: { cookie } });
	}

	it('gets none of them by title, candidate, wildcard or injection', async () => {
		const attempts = [
			`Secret ${run}`,
			`Candidate ${run}`,
			run,
			'%',
			'_',
			'\\',
			"' OR 1=1 --",
			`%' OR owner_id IS NOT NULL OR title ILIKE '%`,
			') OR (1=1'
		];
		const found: string[][] = [];
		for (const search of attempts) {
			const response = await listAs(search);
			expect(response.status, search).toBe(200);
			found.push((await response.json()).result.data.map((room: { id: string }) => room.id));
		}
		// Only their own room, and only where its title matches.
		expect(found).toEqual([[own], [], [own], [], [], [], [], [], []]);
	});

	it('is refused for a search that is no bounded text', async () => {
		for (const search of [
			'x'.repeat(maxInterviewSearchLength + 1),
			{ $ne: null },
			['Secret'],
			42,
			'Secret\u0000'
		]) {
			const response = await listAs(search);
			expect(response.status, JSON.stringify(search).slice(0, 40)).toBe(400);
		}
	});
});
