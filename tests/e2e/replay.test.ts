import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
	createInterview,
	editor,
	editorCode,
	joinAsCandidate,
	nonce,
	sendChat,
	typeAtEnd,
	waitForPeers
} from './helpers';

/** The replay's `burstGapMs` (timeline.ts): edits further apart are bursts of their own. */
const burstGapMs = 2_000;

/**
 * Waits until the pages' clock (they share this machine's) is past the burst gap since the
 * last keystroke, which came before this call: the next word is a burst of its own.
 */
async function pause(page: Page) {
	const typedBy = await page.evaluate(() => Date.now());
	await expect
		.poll(() => page.evaluate(() => Date.now()), { timeout: 3 * burstGapMs })
		.toBeGreaterThan(typedBy + burstGapMs);
}

const typeWord = (page: Page, text: string) => typeAtEnd(page, text, 40);

test('an interview is recorded in two browsers, ended, and replayed keystroke by keystroke', async ({
	interviewer,
	newContext
}) => {
	const run = nonce();
	const { id, candidateLink } = await createInterview(interviewer.page, `Replay ${run}`);
	const candidate = await joinAsCandidate(newContext, candidateLink, `Grace ${run}`);
	await waitForPeers(interviewer.page, 1);
	await waitForPeers(candidate.page, 1);

	await typeWord(candidate.page, 'alpha');
	await pause(candidate.page);
	await typeWord(interviewer.page, ' beta');
	await pause(candidate.page);
	await sendChat(candidate.page, `hello ${run}`);
	await pause(candidate.page);
	await typeWord(candidate.page, ' gamma');
	await expect.poll(() => editorCode(interviewer.page)).toBe('alpha beta gamma');

	await interviewer.page.getByTestId('end-interview').click();
	await interviewer.page.getByTestId('confirm-end').click();
	for (const page of [interviewer.page, candidate.page]) {
		await expect(page.getByTestId('interview-ended')).toBeVisible();
		await expect(page.getByTestId('editor')).toHaveAttribute('data-read-only', 'true');
		await expect(page.getByRole('textbox', { name: 'Chat message' })).toBeDisabled();
	}
	// Typing into the ended room changes nothing.
	await editor(candidate.page).click();
	await candidate.page.keyboard.type('zzz');
	expect(await editorCode(candidate.page)).toBe('alpha beta gamma');

	// The dashboard lists the finished interview with a link to its replay.
	await interviewer.page.goto('/');
	const session = interviewer.page.getByTestId('session').filter({ hasText: `Replay ${run}` });
	await expect(session).toContainText(`Grace ${run} (candidate)`);
	await session.getByTestId('session-replay').click();
	await interviewer.page.waitForURL(`/interviews/${id}/replay`);

	const replay = interviewer.page;
	const code = replay.locator('[data-testid="replay-code"] .cm-content');
	const scrubber = replay.getByTestId('replay-scrubber');
	await expect(replay.getByTestId('replay-track')).toHaveCount(2);
	// The starter the room began with, and its removal (createInterview), come first.
	await expect(replay.locator('[data-kind="typing"]')).toHaveCount(5);

	// At the end: everything, chat included.
	await scrubber.press('End');
	await expect(code).toHaveText('alpha beta gamma');
	await expect(replay.getByTestId('replay-chat-message')).toContainText(`hello ${run}`);

	// From the start, "next event" lands on each burst's first keystroke, exactly.
	await scrubber.press('Home');
	await expect(code).toHaveText('');
	const seen: string[] = [];
	for (let step = 0; step < 12; step++) {
		await replay.getByTestId('replay-next').click();
		seen.push((await code.textContent()) ?? '');
	}
	expect(seen).toContain('a');
	expect(seen).toContain('alpha ');
	expect(seen).toContain('alpha beta ');
	// The chat line appears only once it was sent.
	await scrubber.press('Home');
	await expect(replay.getByTestId('replay-chat-message')).toHaveCount(0);

	// Playing at 8× with idle time skipped reaches the end.
	await replay.getByTestId('replay-speed').selectOption('8');
	await replay.getByTestId('replay-play').click();
	await expect(code).toHaveText('alpha beta gamma', { timeout: 15_000 });
});
