import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { createInterview, joinAsCandidate, nonce, typeAtEnd, waitForPeers } from './helpers';

/** The label of `name`'s caret on `page`. */
const labelOf = (page: Page, name: string) =>
	page.locator('.cm-remoteCursorLabel').filter({ hasText: name });

async function box(locator: Locator) {
	const found = await locator.boundingBox();
	expect(found).not.toBeNull();
	return found!;
}

/** The box of the text of one line of the editor (not of the whole-width line element). */
const lineTextBox = (page: Page, index: number) =>
	page
		.locator('[data-testid="editor"] .cm-line')
		.nth(index)
		.evaluate((line) => {
			const range = document.createRange();
			range.selectNodeContents(line);
			const { left, top, right, bottom } = range.getBoundingClientRect();
			return { left, top, right, bottom };
		});

const overlaps = (
	a: { x: number; y: number; width: number; height: number },
	b: { left: number; top: number; right: number; bottom: number }
) => a.x < b.right && b.left < a.x + a.width && a.y < b.bottom && b.top < a.y + a.height;

test("a remote caret's name shows in full, beside it, after the peer types and on hover, and hides in between", async ({
	interviewer,
	newContext
}) => {
	const run = nonce();
	const name = `Grace ${run}`;
	const { candidateLink } = await createInterview(interviewer.page, `Cursors ${run}`);
	const candidate = await joinAsCandidate(newContext, candidateLink, name);
	await waitForPeers(interviewer.page, 1);
	await waitForPeers(candidate.page, 1);
	const label = labelOf(interviewer.page, name);

	// On line 1, right after typing: shown, and entirely inside the editor's visible box.
	await typeAtEnd(candidate.page, 'first = 1');
	await expect(label).toHaveAttribute('data-shown', 'true');
	await expect(label).toBeVisible();
	const visible = await box(interviewer.page.locator('[data-testid="editor"] .cm-scroller'));
	const onFirstLine = await box(label);
	expect(onFirstLine.x).toBeGreaterThanOrEqual(visible.x);
	expect(onFirstLine.y).toBeGreaterThanOrEqual(visible.y);
	expect(onFirstLine.x + onFirstLine.width).toBeLessThanOrEqual(visible.x + visible.width);
	expect(onFirstLine.y + onFirstLine.height).toBeLessThanOrEqual(visible.y + visible.height);

	// Some seconds later it hides by itself, and shows again with the pointer on the caret.
	await expect(label).toHaveAttribute('data-shown', 'false');
	await expect(label).toBeHidden();
	// The caret is a 2 px border around nothing: the pointer goes to it by its coordinates.
	const caret = await interviewer.page
		.locator('.cm-ySelectionCaret')
		.evaluate((element) => element.getBoundingClientRect().toJSON() as DOMRect);
	await interviewer.page.mouse.move(caret.x + caret.width / 2, caret.y + caret.height / 2);
	await expect(label).toHaveAttribute('data-shown', 'true');
	await interviewer.page.mouse.move(0, 0);
	await expect(label).toHaveAttribute('data-shown', 'false');

	// On line 3 it leaves the text of line 2 uncovered.
	await typeAtEnd(candidate.page, '\nsecond = 2\nthird = 3');
	await expect(interviewer.page.locator('[data-testid="editor"] .cm-line')).toHaveCount(3);
	await expect(label).toHaveAttribute('data-shown', 'true');
	const onThirdLine = await box(label);
	expect(overlaps(onThirdLine, await lineTextBox(interviewer.page, 1))).toBe(false);
	expect(overlaps(onFirstLine, await lineTextBox(interviewer.page, 0))).toBe(false);
});
