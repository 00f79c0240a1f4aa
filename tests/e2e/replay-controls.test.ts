import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
	createInterview,
	editor,
	expectAllUploaded,
	joinAsCandidate,
	nonce,
	sendChat,
	typeAtEnd,
	waitForPeers,
	type Interviewer,
	type NewContext
} from './helpers';

/** The replay's `burstGapMs` (timeline.ts): edits further apart are bursts of their own. */
const burstGapMs = 2_000;

/** Waits until the page's clock is past the burst gap since now: what comes next is new. */
async function pause(page: Page) {
	const since = await page.evaluate(() => Date.now());
	await expect
		.poll(() => page.evaluate(() => Date.now()), { timeout: 3 * burstGapMs })
		.toBeGreaterThan(since + burstGapMs);
}

/**
 * An interview with a candidate, recorded while `act` runs with both pages, then ended;
 * the interviewer's page is left on its replay.
 */
async function recordInterview(
	interviewer: Interviewer,
	newContext: NewContext,
	act: (pages: { interviewer: Page; candidate: Page; id: string }) => Promise<void>
) {
	const run = nonce();
	const { id, candidateLink } = await createInterview(interviewer.page, `Replay keys ${run}`);
	const candidate = await joinAsCandidate(newContext, candidateLink, `Grace ${run}`);
	await waitForPeers(interviewer.page, 1);
	await waitForPeers(candidate.page, 1);
	await act({ interviewer: interviewer.page, candidate: candidate.page, id });
	await expectAllUploaded(candidate.page, id);
	await expectAllUploaded(interviewer.page, id);
	await interviewer.page.getByTestId('end-interview').click();
	await interviewer.page.getByTestId('confirm-end').click();
	await expect(interviewer.page.getByTestId('interview-ended')).toBeVisible();
	await interviewer.page.goto(`/interviews/${id}/replay`);
	await expect(interviewer.page.getByTestId('replay-track')).toHaveCount(2);
	return { replay: interviewer.page };
}

const shownTime = async (replay: Page) =>
	Number(await replay.getByTestId('replay-time').getAttribute('data-time'));

/** Every marked event's start on the activity strip, in order, each instant once. */
async function markedInstants(replay: Page): Promise<number[]> {
	const starts = await replay
		.getByTestId('replay-marker')
		.evaluateAll((marks) => marks.map((mark) => Number(mark.getAttribute('data-at'))));
	return [...new Set(starts)].sort((a, b) => a - b);
}

/** Presses `key` on the slider until the shown time stops changing; the instants it passed. */
async function walk(slider: Locator, replay: Page, key: string): Promise<number[]> {
	const seen: number[] = [];
	for (let last = await shownTime(replay); ;) {
		await slider.press(key);
		const now = await shownTime(replay);
		if (now === last) return seen;
		seen.push(now);
		last = now;
	}
}

const box = async (locator: Locator) => (await locator.boundingBox())!;

test('replay keys, one time scale for the slider and the strip, speeds to 32×, and a spoken position', async ({
	interviewer,
	newContext
}) => {
	const { replay } = await recordInterview(interviewer, newContext, async (pages) => {
		await typeAtEnd(pages.candidate, 'alpha', 30);
		await pause(pages.candidate);
		await typeAtEnd(pages.interviewer, ' beta', 30);
		await pause(pages.candidate);
		await sendChat(pages.candidate, 'a line of chat');
		await pause(pages.candidate);
		await typeAtEnd(pages.candidate, ' gamma', 30);
		await pause(pages.candidate);
	});
	const slider = replay.getByRole('slider', { name: 'Time' });
	const span = Number(await slider.getAttribute('aria-valuemax'));
	expect(span).toBeGreaterThan(12_000);
	await expect(replay.getByTestId('replay-keys')).toContainText('. previous / next event');

	// Home, then the arrows: one second, ten with Shift, and back.
	await slider.press('Home');
	const start = await shownTime(replay);
	await expect(slider).toHaveAttribute('aria-valuenow', '0');
	await expect(slider).toHaveAttribute('aria-valuetext', /^0 s of (\d+ min )?\d+ s$/);
	await slider.press('ArrowRight');
	expect(await shownTime(replay)).toBe(start + 1_000);
	await expect(slider).toHaveAttribute('aria-valuetext', /^1 s of /);
	await slider.press('Shift+ArrowRight');
	expect(await shownTime(replay)).toBe(start + 11_000);
	await expect(slider).toHaveAttribute('aria-valuetext', /^11 s of /);
	await slider.press('ArrowLeft');
	expect(await shownTime(replay)).toBe(start + 10_000);
	await slider.press('Shift+ArrowLeft');
	expect(await shownTime(replay)).toBe(start);

	// "." visits every marked event — each burst, the chat line, joins, time away — in turn,
	// and "," the same ones backwards.
	const instants = await markedInstants(replay);
	expect(instants.length).toBeGreaterThanOrEqual(6);
	const forwards = await walk(slider, replay, '.');
	expect(forwards).toEqual(instants.filter((at) => at > start));
	const backwards = await walk(slider, replay, ',');
	expect(backwards).toEqual(instants.slice(0, -1).reverse());
	// The buttons do the same.
	await replay.getByTestId('replay-next').click();
	expect(await shownTime(replay)).toBe(instants[1]);
	await replay.getByTestId('replay-previous').click();
	expect(await shownTime(replay)).toBe(instants[0]);

	// At the chat line's instant the slider's thumb is exactly over the chat mark's start, and
	// the slider spans the lanes edge to edge.
	const chatMark = replay.locator('[data-testid="replay-marker"][data-kind="chat"]');
	const chatAt = Number(await chatMark.getAttribute('data-at'));
	await slider.press('Home');
	while ((await shownTime(replay)) < chatAt) await slider.press('.');
	expect(await shownTime(replay)).toBe(chatAt);
	const thumb = await box(replay.getByTestId('replay-thumb'));
	const mark = await box(chatMark);
	expect(Math.abs(thumb.x + thumb.width / 2 - mark.x)).toBeLessThanOrEqual(1);
	const sliderBox = await box(slider);
	for (const lane of await replay.getByTestId('replay-track').all()) {
		const laneBox = await box(lane);
		expect(Math.abs(laneBox.x - sliderBox.x)).toBeLessThanOrEqual(0.5);
		expect(
			Math.abs(laneBox.x + laneBox.width - (sliderBox.x + sliderBox.width))
		).toBeLessThanOrEqual(0.5);
	}
	// Seeking by pointing: a click on the slider at the chat mark's x lands on that instant.
	await slider.press('End');
	await replay.mouse.click(mark.x, sliderBox.y + sliderBox.height / 2);
	expect(Math.abs((await shownTime(replay)) - chatAt)).toBeLessThanOrEqual(span / sliderBox.width);

	// Speeds up to 32×; playing at 32× reaches the end.
	const speeds = await replay
		.getByTestId('replay-speed')
		.locator('option')
		.evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
	expect(speeds).toEqual(['1', '2', '4', '8', '16', '32']);
	await replay.getByTestId('replay-speed').selectOption('32');
	await slider.press('Home');
	await replay.getByTestId('replay-play').click();
	await expect(replay.getByTestId('replay-play')).toHaveText(/Play/, { timeout: 20_000 });
	await expect(slider).toHaveAttribute('aria-valuenow', String(span));
});

test("the replay's chat shows joins and leaves at their moment, and the replay follows the candidate's cursor", async ({
	interviewer,
	newContext
}) => {
	const lines = Array.from({ length: 120 }, (_, i) => `line_${i}`).join('\n');
	const { replay } = await recordInterview(interviewer, newContext, async (pages) => {
		await editor(pages.candidate).click();
		await pages.candidate.keyboard.insertText(lines);
		await pause(pages.candidate);
		await typeAtEnd(pages.candidate, ' bottom', 30);
		await pause(pages.candidate);
		// A refresh: the page leaves and comes back.
		await pages.candidate.reload();
		await expect(editor(pages.candidate)).toBeVisible();
		await waitForPeers(pages.candidate, 1);
		await pause(pages.candidate);
		await editor(pages.candidate).click();
		await pages.candidate.keyboard.press('ControlOrMeta+Home');
		await pages.candidate.keyboard.type('top ', { delay: 30 });
		await pause(pages.candidate);
	});
	const slider = replay.getByRole('slider', { name: 'Time' });
	const presence = replay.getByTestId('replay-presence');
	const candidateMarks = (kind: string) =>
		replay
			.getByTestId('replay-track')
			.filter({ hasText: 'Grace' })
			.locator(`[data-testid="replay-marker"][data-kind="${kind}"]`);

	// At the end: the interviewer and the candidate joined, the candidate left and came back.
	await slider.press('End');
	await expect(presence).toHaveText([
		/\(interviewer\) joined/,
		/Grace .* \(candidate\) joined/,
		/Grace .* \(candidate\) left/,
		/Grace .* \(candidate\) joined/
	]);
	// The leave shows from its instant on, not before.
	const leftAt = Number(await candidateMarks('left').getAttribute('data-at'));
	await slider.press('Home');
	while ((await shownTime(replay)) < leftAt) await slider.press('.');
	await expect(presence.filter({ hasText: 'left' })).toHaveCount(1);
	await slider.press('ArrowLeft');
	await expect(presence.filter({ hasText: 'left' })).toHaveCount(0);
	await expect(presence).toHaveCount(2);

	const scroller = replay.locator('[data-testid="replay-code"] .cm-scroller');
	const caret = replay.getByTestId('replay-candidate-cursor');
	const caretInView = async () => {
		const view = await box(scroller);
		const mark = await caret.boundingBox();
		return mark !== null && mark.y >= view.y && mark.y + mark.height <= view.y + view.height;
	};
	const typing = async () =>
		(
			await candidateMarks('typing').evaluateAll((marks) =>
				marks.map((mark) => Number(mark.getAttribute('data-at')))
			)
		).sort((a, b) => a - b);
	const [, bottomBurst, topBurst] = await typing();

	// Following (the default): at the typing at the bottom, the view is down there with it…
	await expect(replay.getByTestId('replay-follow')).toBeChecked();
	await slider.press('Home');
	while ((await shownTime(replay)) < bottomBurst!) await slider.press('.');
	// The next event (the refresh) comes after the whole burst.
	await slider.press('.');
	await expect(replay.getByTestId('replay-code')).toContainText('line_119 bottom');
	await expect.poll(caretInView).toBe(true);
	expect(await scroller.evaluate((element) => element.scrollTop)).toBeGreaterThan(0);
	// …and back at the top when the candidate typed there, while playing.
	await replay.getByTestId('replay-speed').selectOption('32');
	await replay.getByTestId('replay-play').click();
	await expect(replay.getByTestId('replay-play')).toHaveText(/Play/, { timeout: 20_000 });
	expect(await shownTime(replay)).toBeGreaterThan(topBurst!);
	await expect(replay.locator('[data-testid="replay-code"] .cm-line').first()).toHaveText(
		'top line_0'
	);
	await expect.poll(() => scroller.evaluate((element) => element.scrollTop)).toBe(0);
	await expect.poll(caretInView).toBe(true);

	// Not following: the view stays where it is.
	await replay.getByTestId('replay-follow').uncheck();
	await slider.press('Home');
	while ((await shownTime(replay)) < bottomBurst!) await slider.press('.');
	// The next event (the refresh) comes after the whole burst.
	await slider.press('.');
	expect(await scroller.evaluate((element) => element.scrollTop)).toBe(0);
	expect(await caretInView()).toBe(false);
});
