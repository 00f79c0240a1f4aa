import { expect, test } from '@playwright/test';
import {
	createInterview,
	editor,
	editorCode,
	joinAsCandidate,
	nonce,
	sendChat,
	signUpInterviewer,
	typeAtEnd,
	waitForPeers
} from './helpers';

test('an observer joins by the observer link and watches read-only', async ({ browser }) => {
	const run = nonce();
	const interviewer = await signUpInterviewer(browser);
	const { id } = await createInterview(interviewer.page, `Observed ${run}`);
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

	// Once the interviewer allows it, the observer may chat.
	await interviewer.page.getByTestId('observer-chat').click();
	await expect(page.getByRole('textbox', { name: 'Chat message' })).toBeEnabled();
	await sendChat(page, `question from ${run}`);
	await expect(
		interviewer.page.getByTestId('chat-message').filter({ hasText: `question from ${run}` })
	).toContainText(`Watcher ${run}`);

	// The observer's line is recorded, from its own upload, for the replay.
	await interviewer.page.getByTestId('end-interview').click();
	await interviewer.page.getByTestId('confirm-end').click();
	const recordedChat = () =>
		interviewer.page.evaluate(async (roomId) => {
			const input = encodeURIComponent(JSON.stringify({ id: roomId }));
			const response = await fetch(`/trpc/recording.session?input=${input}`);
			const log = (await response.json()).result.data.log;
			return log?.chat.map(
				(line: { author: string; text: string }) => `${line.author}: ${line.text}`
			);
		}, id);
	await expect
		.poll(recordedChat, { timeout: 15_000 })
		.toEqual([`Watcher ${run}: question from ${run}`]);

	await Promise.all([interviewer.context.close(), observer.close()]);
});

test('the interviewer locks the editor and hands control back', async ({ browser }) => {
	const run = nonce();
	const interviewer = await signUpInterviewer(browser);
	const { candidateLink } = await createInterview(interviewer.page, `Locked ${run}`);
	const candidate = await joinAsCandidate(browser, candidateLink, `Grace ${run}`);
	await waitForPeers(candidate.page, 1);

	await interviewer.page.getByTestId('lock-editor').click();
	await expect(candidate.page.getByTestId('editor-locked')).toBeVisible();
	await expect(candidate.page.getByTestId('editor')).toHaveAttribute('data-read-only', 'true');
	await editor(candidate.page).click();
	await candidate.page.keyboard.type('blocked');
	expect(await editorCode(candidate.page)).toBe('');
	// The interviewer still types while the candidate is locked.
	await typeAtEnd(interviewer.page, 'shown');
	await expect.poll(() => editorCode(candidate.page)).toBe('shown');

	await interviewer.page.getByTestId('lock-editor').click();
	await expect(candidate.page.getByTestId('editor')).toHaveAttribute('data-read-only', 'false');
	await typeAtEnd(candidate.page, ' back');
	await expect.poll(() => editorCode(interviewer.page)).toBe('shown back');

	await Promise.all([interviewer.context.close(), candidate.context.close()]);
});
