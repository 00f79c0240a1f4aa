import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
	createInterview,
	editor,
	editorCode,
	joinAsCandidate,
	nonce,
	typeAtEnd,
	toggleRoomControl,
	waitForPeers
} from './helpers';

/** Marks the page's CodeMirror view, to tell later whether it is still the same one. */
const markView = (page: Page) =>
	page.locator('.cm-editor').evaluate((view) => ((view as HTMLElement).dataset.marked = 'yes'));
const isFocused = (page: Page) =>
	editor(page).evaluate((content) => content.contains(document.activeElement));

test('the editor keeps its view, focus and undo history when the language changes or the editor is locked', async ({
	interviewer,
	newContext
}) => {
	const { candidateLink } = await createInterview(interviewer.page, `Editor ${nonce()}`, 'python');
	const candidate = await joinAsCandidate(newContext, candidateLink, 'Linus');
	await waitForPeers(candidate.page, 1);

	await typeAtEnd(candidate.page, 'x = 1');
	await markView(candidate.page);
	await interviewer.page.getByTestId('language-select').selectOption('go');
	await expect(candidate.page.getByTestId('editor')).toHaveAttribute('data-language', 'go');
	expect(await isFocused(candidate.page)).toBe(true);
	await toggleRoomControl(interviewer.page, 'lock-editor');
	await expect(candidate.page.getByTestId('editor')).toHaveAttribute('data-read-only', 'true');
	await toggleRoomControl(interviewer.page, 'lock-editor');
	await expect(candidate.page.getByTestId('editor')).toHaveAttribute('data-read-only', 'false');

	// The same view, focused again where the candidate was typing, with its history.
	await expect(candidate.page.locator('.cm-editor[data-marked="yes"]')).toHaveCount(1);
	expect(await isFocused(candidate.page)).toBe(true);
	await candidate.page.keyboard.type(' + 2');
	await expect.poll(() => editorCode(interviewer.page)).toBe('x = 1 + 2');
	await candidate.page.keyboard.press('ControlOrMeta+z');
	await expect.poll(() => editorCode(interviewer.page)).toBe('x = 1');
});

test('Tab indents and Shift+Tab outdents, Escape then Tab leaves the editor, Ctrl+F searches, Ctrl+Enter runs', async ({
	interviewer
}) => {
	const { page } = interviewer;
	await createInterview(page, `Keys ${nonce()}`, 'python');
	await typeAtEnd(page, 'print(6 * 7)');
	await page.keyboard.press('Home');
	await page.keyboard.press('Tab');
	await expect.poll(() => editorCode(page)).toBe('    print(6 * 7)');
	await page.keyboard.press('Shift+Tab');
	await expect.poll(() => editorCode(page)).toBe('print(6 * 7)');

	await page.keyboard.press('ControlOrMeta+f');
	await expect(page.locator('.cm-search')).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(page.locator('.cm-search')).toHaveCount(0);

	await editor(page).click();
	await page.keyboard.press('ControlOrMeta+Enter');
	await expect(page.getByTestId('program-output')).toHaveText('42\n', { timeout: 60_000 });
	expect(await editorCode(page)).toBe('print(6 * 7)');

	await editor(page).click();
	await page.keyboard.press('Escape');
	await page.keyboard.press('Tab');
	expect(await isFocused(page)).toBe(false);
	expect(await editorCode(page)).toBe('print(6 * 7)');
});

test('the font size and Vim keys are this person’s, kept across reloads', async ({
	interviewer
}) => {
	const { page } = interviewer;
	await createInterview(page, `Prefs ${nonce()}`, 'python');
	const settings = page.getByTestId('editor-settings');
	await settings.locator('summary').click();
	await settings.getByTestId('font-size').selectOption('20');
	await settings.getByTestId('keymap').selectOption('vim');
	const fontSize = () => editor(page).evaluate((content) => getComputedStyle(content).fontSize);
	await expect.poll(fontSize).toBe('20px');

	// Vim: insert mode, text, back to normal mode, delete the line.
	await editor(page).click();
	await page.keyboard.type('ione');
	await page.keyboard.press('Escape');
	await expect.poll(() => editorCode(page)).toBe('one');
	await page.keyboard.type('dd');
	await expect.poll(() => editorCode(page)).toBe('');

	await page.reload();
	await expect(page.getByTestId('editor')).toHaveAttribute('data-keymap', 'vim');
	await expect.poll(fontSize).toBe('20px');
});
