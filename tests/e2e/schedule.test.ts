import { expect, test } from './fixtures';
import {
	copiedPath,
	copyShareLink,
	createInterview,
	editor,
	nonce,
	trpcMutation,
	waitForPeers
} from './helpers';

test('a candidate waits for the window 15 minutes before the start, which the server enforces', async ({
	interviewer,
	newContext
}) => {
	const run = nonce();
	// The window opens a few seconds from now: minutes-only inputs cannot say that, the API can.
	const startsAt = new Date(Date.now() + 15 * 60_000 + 10_000).toISOString();
	const created = await trpcMutation(interviewer.page, 'rooms.create', {
		title: `Scheduled ${run}`,
		language: 'python',
		schedule: { startsAt, durationMinutes: 45, candidateName: `Grace ${run}` }
	});
	expect(created.status).toBe(200);
	const { id, inviteToken } = created.body.result.data;

	const candidate = await newContext();
	const page = await candidate.newPage();
	await page.goto(`/interview/${id}?invite=${inviteToken}`);
	const joinButton = page.getByRole('button', { name: 'Join interview' });
	await expect(page.getByTestId('countdown')).toContainText('You can join from');
	await expect(page.getByTestId('scheduled-at')).toContainText('45 minutes');
	await expect(page.locator('input[name="display-name"]')).toHaveValue(`Grace ${run}`);
	await expect(joinButton).toBeDisabled();

	// Going around the disabled button does not help: the server keeps its own clock.
	const early = await page.evaluate(
		async (input) => {
			const response = await fetch('/trpc/rooms.join', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(input)
			});
			return { status: response.status, body: await response.json() };
		},
		{ id, name: `Grace ${run}`, invite: inviteToken }
	);
	expect(early.status).toBe(403);
	expect(early.body.error.message).toMatch(
		/^This interview opens at .*, 15 minutes before it starts/
	);

	// When the countdown runs out the button enables by itself.
	await expect(joinButton).toBeEnabled({ timeout: 30_000 });
	await expect(page.getByTestId('countdown')).toBeHidden();
	await joinButton.click();
	await expect(editor(page)).toBeVisible();

	// The interviewer was never kept waiting.
	await interviewer.page.goto(`/interview/${id}`);
	await waitForPeers(page, 1);
});

test('the interviewer schedules from the dashboard, reschedules, and hands out the candidate link', async ({
	interviewer,
	newContext
}) => {
	const run = nonce();
	const { page } = interviewer;
	await page.goto('/');
	await page.getByRole('radio', { name: 'Schedule' }).check();
	await page.locator('input[name="title"]').fill(`Planned ${run}`);
	await page.locator('input[name="starts-at"]').fill('2031-01-15T10:30');
	await page.locator('input[name="duration"]').fill('45');
	await page.locator('input[name="candidate-email"]').fill(`alan-${run}@example.com`);
	await page.getByRole('button', { name: 'Schedule interview' }).click();

	const row = page.getByTestId('upcoming-interview').filter({ hasText: `Planned ${run}` });
	await expect(row.getByTestId('upcoming-time')).toContainText('10:30');
	await expect(row).toContainText(`45 min · alan-${run}@example.com`);

	await row.getByRole('button', { name: 'Reschedule' }).click();
	await row.locator('input[name="starts-at"]').fill('2031-01-15T11:00');
	await row.getByRole('button', { name: 'Save' }).click();
	await expect(row.getByTestId('upcoming-time')).toContainText('11:00');

	await row.getByTestId('copy-candidate-link').click();
	await expect(row.getByTestId('copy-candidate-link')).toHaveText('Copied!');
	const candidateLink = await copiedPath(page);
	expect(candidateLink).toMatch(/^\/interview\/[0-9a-f-]{36}\?invite=[\w-]{43}$/);

	const candidate = await newContext();
	const candidatePage = await candidate.newPage();
	await candidatePage.goto(candidateLink);
	await expect(candidatePage.getByTestId('scheduled-at')).toContainText('2031');
	await expect(candidatePage.getByTestId('scheduled-at')).toContainText('11:00');
	await expect(candidatePage.getByTestId('countdown')).toBeVisible();
	await expect(candidatePage.getByRole('button', { name: 'Join interview' })).toBeDisabled();
});

test('a forged or missing invite and a revoked or forged observer link get a clear refusal page', async ({
	interviewer,
	newContext
}) => {
	const { id, candidateLink } = await createInterview(interviewer.page, `Guarded ${nonce()}`);
	const observerLink = await copyShareLink(interviewer.page, 'copy-observer-link');
	const linkId = new URL(observerLink, 'http://x').searchParams.get('observe')!;
	const revoked = await trpcMutation(interviewer.page, 'rooms.revokeObserverLink', { id, linkId });
	expect(revoked.status).toBe(200);

	const visitor = await newContext();
	const page = await visitor.newPage();
	const refusal = page.getByTestId('refusal');
	const forgedInvite = candidateLink.replace(/invite=.*/, 'invite=forged-token-000000000000');
	const cases = [
		{ link: forgedInvite, says: 'This invite link is not valid for this interview' },
		{ link: `/interview/${id}`, says: 'This interview is invite-only' },
		{ link: observerLink, says: 'This observer link was revoked by the interviewer' },
		{ link: `/interview/${id}?observe=not-a-link`, says: 'This observer link is not valid' }
	];
	for (const { link, says } of cases) {
		await page.goto(link);
		await expect(refusal).toContainText(says);
		await expect(page.locator('input[name="display-name"]')).toHaveCount(0);
	}

	// The genuine invite still shows the join form.
	await page.goto(candidateLink);
	await expect(page.locator('input[name="display-name"]')).toBeVisible();
	await expect(refusal).toHaveCount(0);
});

test('a password-protected interview refuses a wrong password and admits the right one', async ({
	interviewer,
	newContext
}) => {
	const run = nonce();
	await interviewer.page.goto('/');
	await interviewer.page.locator('input[name="title"]').fill(`Locked ${run}`);
	await interviewer.page.locator('input[name="room-password"]').fill(`pw-${run}`);
	await interviewer.page.getByRole('button', { name: 'Create interview' }).click();
	await interviewer.page.waitForURL(/\/interview\/[0-9a-f-]{36}$/);
	const candidateLink = await copyShareLink(interviewer.page, 'copy-link');

	const candidate = await newContext();
	const page = await candidate.newPage();
	await page.goto(candidateLink);
	await page.locator('input[name="display-name"]').fill(`Grace ${run}`);
	await page.locator('input[name="room-password"]').fill('not the password');
	await page.getByRole('button', { name: 'Join interview' }).click();
	await expect(page.getByRole('alert')).toHaveText('Wrong password for this interview');
	await expect(editor(page)).toHaveCount(0);

	await page.locator('input[name="room-password"]').fill(`pw-${run}`);
	await page.getByRole('button', { name: 'Join interview' }).click();
	await expect(editor(page)).toBeVisible();
	await waitForPeers(page, 1);
});
