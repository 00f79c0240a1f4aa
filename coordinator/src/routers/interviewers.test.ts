import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../auth/tokens';
import { callerFor, trpcErrorOf } from '../test-support/caller';
import { nonce } from '../test-support/database';
import { signUpInterviewer, useTestServices } from '../test-support/services';

const setup = useTestServices();
let owner: SessionUser;
let colleague: SessionUser;
let stranger: SessionUser;

const as = (user: SessionUser) => callerFor(setup.services, user).caller;

beforeAll(async () => {
	[owner, colleague, stranger] = await Promise.all([
		signUpInterviewer(setup.services, 'Ada Lovelace'),
		signUpInterviewer(setup.services, 'Grace Hopper'),
		signUpInterviewer(setup.services, 'Eve')
	]);
});

describe('co-interviewers', () => {
	it('enter, act and list as interviewers once the owner adds them by email', async () => {
		const { id } = await as(owner).rooms.create({ title: `Pair ${nonce()}`, language: 'go' });
		expect((await as(colleague).rooms.byId({ id })).viewerIsInterviewer).toBe(false);

		await as(owner).interviewers.add({ id, email: colleague.email.toUpperCase() });
		const seen = await as(colleague).rooms.byId({ id });
		expect(seen).toMatchObject({ viewerIsOwner: false, viewerIsInterviewer: true, link: 'valid' });
		expect(seen.inviteToken).toEqual(expect.any(String));
		const admitted = await as(colleague).rooms.join({ id });
		expect(admitted).toMatchObject({ role: 'interviewer', name: 'Grace Hopper' });
		expect((await as(colleague).rooms.list()).map((room) => room.id)).toContain(id);
		await as(colleague).rooms.createObserverLink({ id });

		expect(await as(colleague).interviewers.list({ id })).toEqual([
			{ userId: owner.id, name: 'Ada Lovelace', email: owner.email, owner: true },
			{ userId: colleague.id, name: 'Grace Hopper', email: colleague.email, owner: false }
		]);
	});

	it('are added and removed by the owner only, and only with an account', async () => {
		const { id } = await as(owner).rooms.create({ title: `Pair ${nonce()}`, language: 'go' });
		await as(owner).interviewers.add({ id, email: colleague.email });
		const byColleague = await trpcErrorOf(
			as(colleague).interviewers.add({ id, email: stranger.email })
		);
		expect(byColleague.code).toBe('NOT_FOUND');
		const unknown = await trpcErrorOf(
			as(owner).interviewers.add({ id, email: `nobody-${nonce()}@example.com` })
		);
		expect(unknown.message).toMatch(/^Nobody has a pairdesk account with the email/);
		expect((await trpcErrorOf(as(stranger).interviewers.list({ id }))).code).toBe('NOT_FOUND');

		await as(owner).interviewers.remove({ id, userId: colleague.id });
		expect((await as(colleague).rooms.byId({ id })).viewerIsInterviewer).toBe(false);
		expect((await trpcErrorOf(as(colleague).rooms.end({ id }))).code).toBe('NOT_FOUND');
		// Signed in, but not an interviewer any more: like anyone else, they need the invite.
		expect((await trpcErrorOf(as(colleague).rooms.join({ id, name: 'Grace' }))).code).toBe(
			'FORBIDDEN'
		);
	});
});
