import { expect, test } from '@playwright/test';
import {
	createInterview,
	editor,
	editorCode,
	nonce,
	signUpInterviewer,
	typeAtEnd,
	waitForPeers
} from './helpers';

test('an observer joins by the observer link and watches read-only', async ({ browser }) => {
	const run = nonce();
	const interviewer = await signUpInterviewer(browser);
	const id = await createInterview(interviewer.page, `Observed ${run}`);
	await interviewer.page.getByTestId('copy-observer-link').click();
	await expect(interviewer.page.getByTestId('copy-observer-link')).toHaveText('Copied!');
	const link = await interviewer.page.evaluate(() => navigator.clipboard.readText());
	expect(link).toMatch(new RegExp(`/interview/${id}\\?observe=[0-9a-f-]{36}$`));

	const observer = await browser.newContext();
	const page = await observer.newPage();
	await page.goto(link);
	await expect(page.getByText('watch it as an observer (read-only)')).toBeVisible();
	await page.locator('input[name="display-name"]').fill(`Watcher ${run}`);
	await page.getByRole('button', { name: 'Join interview' }).click();
	await expect(page.getByTestId('observing')).toBeVisible();
	await waitForPeers(page, 1);
	await expect(interviewer.page.getByTestId('participants')).toContainText(`Watcher ${run}`);

	// The interviewer's edits reach the observer; the observer cannot edit, run or chat.
	await typeAtEnd(interviewer.page, `print("watched ${run}")`);
	await expect.poll(() => editorCode(page)).toBe(`print("watched ${run}")`);
	await expect(page.getByTestId('editor')).toHaveAttribute('data-read-only', 'true');
	await editor(page).click();
	await page.keyboard.type('xyz');
	expect(await editorCode(page)).toBe(`print("watched ${run}")`);
	await expect(page.getByTestId('run-button')).toBeDisabled();
	await expect(page.getByRole('textbox', { name: 'Chat message' })).toBeDisabled();
	expect(await editorCode(interviewer.page)).toBe(`print("watched ${run}")`);

	await Promise.all([interviewer.context.close(), observer.close()]);
});
