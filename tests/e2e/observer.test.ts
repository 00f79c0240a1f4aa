import { expect, test } from './fixtures';
import {
	closeShareMenu,
	copyShareLink,
	createInterview,
	editor,
	editorCode,
	joinAsCandidate,
	nonce,
	openShareMenu,
	recordedSessionLog,
	sendChat,
	typeAtEnd,
	toggleRoomControl,
	waitForPeers
} from './helpers';

test('an observer joins by the observer link and watches read-only', async ({
	interviewer,
	newContext
}) => {
	const run = nonce();
	const { id } = await createInterview(interviewer.page, `Observed ${run}`);
	const link = await copyShareLink(interviewer.page, 'copy-observer-link');
	expect(link).toMatch(new RegExp(`/interview/${id}\\?observe=[0-9a-f-]{36}$`));

	const observer = await newContext();
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
	await toggleRoomControl(interviewer.page, 'observer-chat');
	await expect(page.getByRole('textbox', { name: 'Chat message' })).toBeEnabled();
	await sendChat(page, `question from ${run}`);
	await expect(
		interviewer.page.getByTestId('chat-message').filter({ hasText: `question from ${run}` })
	).toContainText(`Watcher ${run}`);

	// The observer's line is recorded, from its own upload, for the replay.
	await interviewer.page.getByTestId('end-interview').click();
	await interviewer.page.getByTestId('confirm-end').click();
	const recordedChat = async () =>
		(await recordedSessionLog(interviewer.page, id))?.chat.map(
			(line) => `${line.author}: ${line.text}`
		);
	await expect
		.poll(recordedChat, { timeout: 15_000 })
		.toEqual([`Watcher ${run}: question from ${run}`]);
});

test('the interviewer locks the editor and hands control back', async ({
	interviewer,
	newContext
}) => {
	const run = nonce();
	const { candidateLink } = await createInterview(interviewer.page, `Locked ${run}`);
	const candidate = await joinAsCandidate(newContext, candidateLink, `Grace ${run}`);
	await waitForPeers(candidate.page, 1);

	await toggleRoomControl(interviewer.page, 'lock-editor');
	await expect(candidate.page.getByTestId('editor-locked')).toBeVisible();
	await expect(candidate.page.getByTestId('editor')).toHaveAttribute('data-read-only', 'true');
	// The shared language is the room's too: locked, the candidate cannot change it.
	await expect(candidate.page.getByTestId('language-select')).toBeDisabled();
	await editor(candidate.page).click();
	await candidate.page.keyboard.type('blocked');
	expect(await editorCode(candidate.page)).toBe('');
	// The interviewer still types while the candidate is locked.
	await typeAtEnd(interviewer.page, 'shown');
	await expect.poll(() => editorCode(candidate.page)).toBe('shown');

	await toggleRoomControl(interviewer.page, 'lock-editor');
	await expect(candidate.page.getByTestId('editor')).toHaveAttribute('data-read-only', 'false');
	await expect(candidate.page.getByTestId('language-select')).toBeEnabled();
	await typeAtEnd(candidate.page, ' back');
	await expect.poll(() => editorCode(interviewer.page)).toBe('shown back');
});

test('revoking an observer link shuts out the observer who came in by it', async ({
	interviewer,
	newContext
}) => {
	const run = nonce();
	await createInterview(interviewer.page, `Revoked ${run}`);
	const link = await copyShareLink(interviewer.page, 'copy-observer-link');

	const observer = await newContext();
	const page = await observer.newPage();
	await page.goto(link);
	await page.locator('input[name="display-name"]').fill(`Watcher ${run}`);
	await page.getByRole('button', { name: 'Join interview' }).click();
	await waitForPeers(interviewer.page, 1);
	await typeAtEnd(interviewer.page, `seen ${run}`);
	await expect.poll(() => editorCode(page)).toBe(`seen ${run}`);

	const listed = (await openShareMenu(interviewer.page)).getByTestId('observer-link');
	await expect(listed).toHaveCount(1);
	await expect(listed).toContainText(`Watcher ${run}`);
	await listed.getByTestId('revoke-observer-link').click();
	await expect(listed).toContainText('revoked');
	await closeShareMenu(interviewer.page);

	// The observer is told and sees the room no more; the peers hung up on it.
	await expect(page.getByTestId('shut-out')).toBeVisible();
	await expect(page.getByTestId('editor')).toBeHidden();
	await waitForPeers(interviewer.page, 0);
	// Coming back by the same link, remembered admission or not, meets the refusal page.
	await page.reload();
	await expect(page.getByRole('heading', { name: 'This observer link was revoked' })).toBeVisible();
	await expect(page.getByTestId('editor')).toHaveCount(0);
});
