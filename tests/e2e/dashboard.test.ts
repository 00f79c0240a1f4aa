import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { nonce, signUpInterviewer, trpcMutation } from './helpers';

/** Creates an interview from the dashboard by hand-made request; returns its id. */
async function createRoom(page: Page, input: object): Promise<string> {
	const { status, body } = await trpcMutation(page, 'rooms.create', input);
	expect(status).toBe(200);
	return body.result.data.id;
}

/** Every link on the dashboard whose text is `title`: each interview should have one. */
const linksTo = (page: Page, title: string) => page.getByRole('link', { name: title, exact: true });

test('the dashboard lists each interview once, for its owner and a co-interviewer; an ended one opens its replay and has no candidate link', async ({
	interviewer,
	newContext
}) => {
	const run = nonce();
	const { page } = interviewer;
	const colleague = await signUpInterviewer(newContext);
	const titles = { upcoming: `Planned ${run}`, open: `Now ${run}`, ended: `Done ${run}` };
	const ids = {
		upcoming: await createRoom(page, {
			title: titles.upcoming,
			language: 'go',
			schedule: {
				startsAt: new Date(Date.now() + 86_400_000).toISOString(),
				durationMinutes: 30,
				candidateName: `Grace ${run}`
			}
		}),
		open: await createRoom(page, { title: titles.open, language: 'go' }),
		ended: await createRoom(page, { title: titles.ended, language: 'go' })
	};
	for (const id of Object.values(ids)) {
		expect(
			(await trpcMutation(page, 'interviewers.add', { id, email: colleague.email })).status
		).toBe(200);
	}
	await page.goto(`/interview/${ids.ended}`);
	await page.getByTestId('end-interview').click();
	await page.getByTestId('confirm-end').click();
	await expect(page.getByTestId('interview-ended')).toBeVisible();

	for (const viewer of [page, colleague.page]) {
		await viewer.goto('/');
		for (const title of Object.values(titles)) await expect(linksTo(viewer, title)).toHaveCount(1);
		await expect(viewer.getByTestId('upcoming-interview')).toContainText(titles.upcoming);
		await expect(viewer.getByTestId('open-interview')).toContainText(titles.open);
		await expect(viewer.getByTestId('session')).toContainText(titles.ended);
		// A link to hand the candidate for the two that have not ended, none for the ended one.
		await expect(viewer.getByRole('button', { name: 'Copy candidate link' })).toHaveCount(2);
		await expect(viewer.getByTestId('session').getByRole('button')).toHaveCount(0);
	}

	await linksTo(colleague.page, titles.ended).click();
	await colleague.page.waitForURL(`/interviews/${ids.ended}/replay`);
	await expect(colleague.page.getByTestId('replay')).toBeVisible();
});

test('the dashboard searches titles and candidates on the server, and only the interviewer’s own', async ({
	interviewer,
	newContext
}) => {
	const run = nonce();
	const { page } = interviewer;
	const other = await signUpInterviewer(newContext);
	await createRoom(other.page, { title: `Graphs ${run} (someone else's)`, language: 'go' });
	await createRoom(page, { title: `Graphs ${run}`, language: 'go' });
	await createRoom(page, {
		title: `Screen ${run}`,
		language: 'go',
		schedule: {
			startsAt: new Date(Date.now() + 86_400_000).toISOString(),
			durationMinutes: 30,
			candidateName: `Katherine ${run}`
		}
	});

	await page.goto('/');
	const search = page.getByRole('searchbox', { name: 'Search interviews' });
	await search.fill(`graphs ${run}`);
	await expect(page).toHaveURL(new RegExp(`\\?q=graphs`));
	await expect(linksTo(page, `Graphs ${run}`)).toHaveCount(1);
	await expect(linksTo(page, `Screen ${run}`)).toHaveCount(0);
	await expect(page.getByText(`someone else's`)).toHaveCount(0);

	await search.fill(`KATHERINE ${run}`);
	await expect(linksTo(page, `Screen ${run}`)).toHaveCount(1);
	await expect(linksTo(page, `Graphs ${run}`)).toHaveCount(0);

	// The search is in the URL: a reload keeps it.
	await page.reload();
	await expect(search).toHaveValue(`KATHERINE ${run}`);
	await expect(linksTo(page, `Screen ${run}`)).toHaveCount(1);

	await search.fill(`nobody ${run}`);
	await expect(page.getByTestId('no-interviews')).toContainText(`No interviews match`);
	await search.fill('');
	await expect(linksTo(page, `Graphs ${run}`)).toHaveCount(1);
	await expect(linksTo(page, `Screen ${run}`)).toHaveCount(1);
});
