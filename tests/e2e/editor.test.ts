import { expect, test, type Page } from '@playwright/test';
import {
	createInterview,
	editor,
	editorCode,
	joinAsCandidate,
	nonce,
	signUpInterviewer,
	typeAtEnd,
	waitForPeers
} from './helpers';

/** Marks the page's CodeMirror view, to tell later whether it is still the same one. */
const markView = (page: Page) =>
	page.locator('.cm-editor').evaluate((view) => ((view as HTMLElement).dataset.marked = 'yes'));
const isFocused = (page: Page) =>
	editor(page).evaluate((content) => content.contains(document.activeElement));

test('the editor keeps its view, focus and undo history when the language changes or the editor is locked', async ({
	browser
}) => {
	const interviewer = await signUpInterviewer(browser);
	const { candidateLink } = await createInterview(interviewer.page, `Editor ${nonce()}`, 'python');
	const candidate = await joinAsCandidate(browser, candidateLink, 'Linus');
	await waitForPeers(candidate.page, 1);

	await typeAtEnd(candidate.page, 'x = 1');
	await markView(candidate.page);
	await interviewer.page.getByTestId('language-select').selectOption('go');
	await expect(candidate.page.getByTestId('editor')).toHaveAttribute('data-language', 'go');
	expect(await isFocused(candidate.page)).toBe(true);
	await interviewer.page.getByTestId('lock-editor').click();
	await expect(candidate.page.getByTestId('editor')).toHaveAttribute('data-read-only', 'true');
	await interviewer.page.getByTestId('lock-editor').click();
	await expect(candidate.page.getByTestId('editor')).toHaveAttribute('data-read-only', 'false');

	// The same view, focused again where the candidate was typing, with its history.
	await expect(candidate.page.locator('.cm-editor[data-marked="yes"]')).toHaveCount(1);
	expect(await isFocused(candidate.page)).toBe(true);
	await candidate.page.keyboard.type(' + 2');
	await expect.poll(() => editorCode(interviewer.page)).toBe('x = 1 + 2');
	await candidate.page.keyboard.press('ControlOrMeta+z');
	await expect.poll(() => editorCode(interviewer.page)).toBe('x = 1');
	await Promise.all([interviewer.context.close(), candidate.context.close()]);
});
