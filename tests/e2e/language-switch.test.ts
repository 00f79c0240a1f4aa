import type { Page } from '@playwright/test';
import { starterCode } from '../../src/lib/protocol/languages';
import { expect, test } from './fixtures';
import {
	clearEditor,
	createInterview,
	editorCode,
	joinAsCandidate,
	nonce,
	typeAtEnd,
	waitForPeers
} from './helpers';

const switchTo = (page: Page, language: string) =>
	page.getByTestId('language-select').selectOption(language);

const announcements = (page: Page) =>
	page.locator('[data-testid="chat-message"][data-event="language-switch"]');

test('a new room starts with its starter; a switch brings the new starter or keeps the code, announced to everyone', async ({
	interviewer,
	newContext
}) => {
	const run = nonce();
	const title = `Switch ${run}`;
	const { id, candidateLink } = await createInterview(interviewer.page, title, 'python', {
		keepStarter: true
	});
	const candidate = await joinAsCandidate(newContext, candidateLink, `Grace ${run}`);
	const pages = [interviewer.page, candidate.page];
	await waitForPeers(interviewer.page, 1);
	await waitForPeers(candidate.page, 1);
	// One starter, not one per page.
	for (const page of pages) await expect.poll(() => editorCode(page)).toBe(starterCode.python);

	// The untouched starter becomes Go's, for both, and both read who switched.
	await switchTo(candidate.page, 'go');
	for (const page of pages) {
		await expect.poll(() => editorCode(page)).toBe(starterCode.go);
		await expect(page.getByTestId('editor')).toHaveAttribute('data-language', 'go');
		await expect(announcements(page)).toHaveCount(1);
		await expect(announcements(page)).toContainText(`Grace ${run}`);
		await expect(announcements(page)).toContainText('switched to Go');
	}

	// An empty buffer gets the starter too.
	await clearEditor(interviewer.page);
	await expect.poll(() => editorCode(candidate.page)).toBe('');
	await switchTo(interviewer.page, 'typescript');
	for (const page of pages) {
		await expect.poll(() => editorCode(page)).toBe(starterCode.typescript);
		await expect(announcements(page).last()).toContainText(
			`${interviewer.name} switched to TypeScript`
		);
	}

	// Edited code is kept.
	await typeAtEnd(candidate.page, `// mine ${run}`);
	const edited = `${starterCode.typescript}// mine ${run}`;
	await expect.poll(() => editorCode(interviewer.page)).toBe(edited);
	await switchTo(interviewer.page, 'java');
	for (const page of pages) {
		await expect(page.getByTestId('editor')).toHaveAttribute('data-language', 'java');
		await expect(announcements(page)).toHaveCount(3);
		await expect(announcements(page).last()).toContainText('switched to Java');
		expect(await editorCode(page)).toBe(edited);
	}

	// After the end, the session list and the replay give the language it ended in.
	await interviewer.page.getByTestId('end-interview').click();
	await interviewer.page.getByTestId('confirm-end').click();
	await expect(interviewer.page.getByTestId('interview-ended')).toBeVisible();
	await interviewer.page.goto('/');
	const session = interviewer.page.getByTestId('session').filter({ hasText: title });
	await expect(session).toContainText('Java');
	await expect(session).not.toContainText('Python');
	await interviewer.page.goto(`/interviews/${id}/replay`);
	await expect(interviewer.page.getByTestId('replay-language')).toHaveText('Java');
	// The replay's chat has the announcements as lines of their own.
	await interviewer.page.getByTestId('replay-scrubber').press('End');
	await expect(
		interviewer.page.locator('[data-testid="replay-chat-message"][data-event="language-switch"]')
	).toHaveCount(3);
});

test('two pages switching at once leave one starter, for them and for a late joiner', async ({
	interviewer,
	newContext
}) => {
	const run = nonce();
	const { candidateLink } = await createInterview(interviewer.page, `Both ${run}`, 'python', {
		keepStarter: true
	});
	const candidate = await joinAsCandidate(newContext, candidateLink, `Grace ${run}`);
	await waitForPeers(interviewer.page, 1);
	await waitForPeers(candidate.page, 1);
	await expect.poll(() => editorCode(candidate.page)).toBe(starterCode.python);

	await Promise.all([switchTo(interviewer.page, 'go'), switchTo(candidate.page, 'cpp')]);
	const languageOf = (page: Page) => page.getByTestId('editor').getAttribute('data-language');
	// Each page shows its own switch at first; Yjs settles both on the same language.
	await expect
		.poll(async () => {
			const seen = [await languageOf(interviewer.page), await languageOf(candidate.page)];
			return seen[0] === seen[1] ? seen[0] : 'apart';
		})
		.toMatch(/^(go|cpp)$/);
	const language = (await languageOf(interviewer.page)) as 'go' | 'cpp';
	const late = await joinAsCandidate(newContext, candidateLink, `Late ${run}`);
	for (const page of [interviewer.page, candidate.page, late.page]) {
		await expect(page.getByTestId('editor')).toHaveAttribute('data-language', language);
		await expect.poll(() => editorCode(page)).toBe(starterCode[language]);
	}
});
