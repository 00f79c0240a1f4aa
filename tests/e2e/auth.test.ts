import { randomUUID } from 'node:crypto';
import { expect, test } from './fixtures';
import { copiedPath, createInterview, nonce } from './helpers';

test('an interviewer signs up, creates interviews, logs out and logs back in', async ({
	interviewer
}) => {
	const { page } = interviewer;
	const title = `Systems design ${nonce()}`;
	const { id, candidateLink } = await createInterview(page, title, 'java');
	await expect(page.getByTestId('editor')).toHaveAttribute('data-language', 'java');

	await page.goto('/');
	const row = page.getByTestId('interviews').locator('tr', { hasText: title });
	await expect(row).toContainText('Java');
	await expect(row).toContainText('open');
	await row.getByTestId('copy-link').click();
	await expect(row.getByTestId('copy-link')).toHaveText('Copied!');
	expect(await copiedPath(page)).toBe(candidateLink);
	expect(candidateLink).toMatch(new RegExp(`^/interview/${id}\\?invite=[\\w-]{43}$`));

	const rememberedRoles = () =>
		page.evaluate(() =>
			Object.keys(localStorage)
				.filter((key) => key.startsWith('pairdesk:admission:'))
				.map((key) => JSON.parse(localStorage.getItem(key)!).role)
		);
	expect(await rememberedRoles()).toEqual(['interviewer']);
	await page.getByTestId('log-out').click();
	await expect(page).toHaveURL(/\/login/);
	// Nobody else at this browser can walk back into the room as the interviewer.
	expect(await rememberedRoles()).toEqual([]);
	await page.goto('/');
	await expect(page).toHaveURL(/\/login/);

	await page.locator('input[name="email"]').fill(interviewer.email);
	await page.locator('input[name="password"]').fill('not-the-password');
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page.getByRole('alert')).toHaveText('Wrong email or password');

	await page.locator('input[name="password"]').fill(interviewer.password);
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page.getByTestId('interviews')).toContainText(title);
});

test('a bad sign-up gets a readable message, in plain words, and the rule shows before typing', async ({
	page
}) => {
	await page.goto('/login');
	await page.getByRole('button', { name: 'New here? Create an account' }).click();
	await expect(page.getByLabel('Password')).toHaveAccessibleDescription(
		'At least 8 characters; any characters you like.'
	);
	await page.locator('input[name="name"]').fill('Short Password');
	await page.locator('input[name="email"]').fill(`short-${nonce()}@example.com`);
	await page.locator('input[name="password"]').fill('short');
	await page.getByRole('button', { name: 'Sign up' }).click();
	await expect(page.getByRole('alert')).toHaveText('Password must be at least 8 characters');
});

test('an unknown interview shows a clear not-found page', async ({ page }) => {
	const unknown = randomUUID();
	await page.goto(`/interview/${unknown}`);
	await expect(page.getByTestId('error-page')).toContainText('Interview not found');
	await expect(page.getByTestId('error-page')).toContainText(unknown);

	await page.goto('/interview/not-a-real-id');
	await expect(page.getByTestId('error-page')).toContainText('Interview not found');
});
