import { expect, test } from './fixtures';
import {
	copyShareLink,
	createInterview,
	editorCode,
	expectAllUploaded,
	joinAsCandidate,
	nonce,
	sendChat,
	typeAtEnd,
	waitForPeers
} from './helpers';

test('a late observer gets what the interviewer wrote from the record once the interviewer left', async ({
	interviewer,
	newContext
}) => {
	const run = nonce();
	const { id, candidateLink } = await createInterview(interviewer.page, `Late ${run}`);
	const observerLink = await copyShareLink(interviewer.page, 'copy-observer-link');
	await typeAtEnd(interviewer.page, `# asked by ${run}`);
	await sendChat(interviewer.page, `welcome ${run}`);

	const candidate = await joinAsCandidate(newContext, candidateLink, `Grace ${run}`);
	await waitForPeers(candidate.page, 1);
	await expect.poll(() => editorCode(candidate.page)).toBe(`# asked by ${run}`);
	// Typed next to the interviewer's text: without it, these edits are nothing.
	await typeAtEnd(candidate.page, ' and answered');
	await expect.poll(() => editorCode(interviewer.page)).toBe(`# asked by ${run} and answered`);
	await expectAllUploaded(interviewer.page, id);
	await interviewer.context.close();
	await waitForPeers(candidate.page, 0);

	// The candidate passes on only its own edits; the interviewer's come from the record.
	const observer = await newContext();
	const page = await observer.newPage();
	await page.goto(observerLink);
	await page.locator('input[name="display-name"]').fill(`Watcher ${run}`);
	await page.getByRole('button', { name: 'Join interview' }).click();
	await waitForPeers(page, 1);
	await expect.poll(() => editorCode(page)).toBe(`# asked by ${run} and answered`);
	await expect(page.getByTestId('chat-message')).toContainText([`welcome ${run}`]);
});
