import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { createInterview, joinAsCandidate, nonce, waitForPeers } from './helpers';
import { runEnded, skipWithoutRunner, startRun } from './run-helpers';

const elapsedSeconds = async (page: Page) =>
	Number.parseFloat((await page.getByTestId('run-elapsed').textContent()) ?? '');

test('Stop: the candidate runs an endless loop, the interviewer stops it, both pages see it stopped', async ({
	request,
	newContext,
	interviewer
}) => {
	await skipWithoutRunner(request);
	const { candidateLink } = await createInterview(interviewer.page, `Stop ${nonce()}`);
	const candidate = await joinAsCandidate(newContext, candidateLink, `Grace ${nonce()}`);
	await waitForPeers(interviewer.page, 1);

	await startRun(candidate.page, 'while True: pass');
	for (const page of [candidate.page, interviewer.page]) {
		await expect(page.getByTestId('run-output')).toHaveAttribute('data-status', 'running');
		await expect(page.getByTestId('run-button')).toHaveText(/Running… \d+\.\d s/);
		// The elapsed time ticks while the program runs.
		const first = await elapsedSeconds(page);
		await expect.poll(() => elapsedSeconds(page)).toBeGreaterThan(first);
		await expect(page.getByTestId('stop-button')).toBeVisible();
	}

	await interviewer.page.getByTestId('stop-button').click();
	for (const page of [interviewer.page, candidate.page]) {
		const output = await runEnded(page, 'stopped');
		await expect(output.getByTestId('run-status')).toHaveText('Stopped');
		await expect(output.getByTestId('run-stopped-by')).toHaveText(`stopped by ${interviewer.name}`);
		await expect(output.getByTestId('run-limit')).toHaveCount(0);
		await expect(page.getByTestId('stop-button')).toHaveCount(0);
		await expect(page.getByTestId('run-button')).toHaveText('▶ Run');
		await expect(page.getByTestId('run-button')).toBeEnabled();
	}
	// Stopped well before the 10 s time limit would have ended it.
	const duration = await candidate.page.getByTestId('run-duration').textContent();
	expect(Number.parseFloat(duration ?? '')).toBeLessThan(10);
	await interviewer.page.getByTestId('run-tab-history').click();
	await expect(interviewer.page.getByTestId('run-history-entry').first()).toHaveAttribute(
		'data-status',
		'stopped'
	);
});

test('a run past its time limit shows its status, exit code, duration and the limit it hit', async ({
	request,
	interviewer
}) => {
	await skipWithoutRunner(request);
	const page = interviewer.page;
	await createInterview(page, `Limit ${nonce()}`);
	await startRun(page, 'print("spinning", flush=True)\nwhile True: pass');
	const output = await runEnded(page, 'limit-exceeded');
	await expect(output.getByTestId('run-status')).toHaveText('Limit exceeded');
	await expect(output.getByTestId('run-limit')).toHaveText('time limit exceeded');
	await expect(output.getByTestId('run-limit')).toHaveAttribute('data-limit', 'run-time');
	await expect(output.getByTestId('run-exit-code')).toHaveText('no exit code');
	// The default limit is 10 s: the program ran until then.
	await expect(output.getByTestId('run-duration')).toHaveText(/^1\d\.\d s$/);
	await expect(output.getByTestId('program-output')).toHaveText('spinning\n');
});

test('a run with input says how many lines it read; the input box sits beside the output', async ({
	request,
	interviewer
}) => {
	await skipWithoutRunner(request);
	const page = interviewer.page;
	await createInterview(page, `Stdin ${nonce()}`);
	const stdin = page.getByTestId('run-stdin');
	const output = page.getByTestId('run-output');
	await expect(stdin).toBeVisible();
	await stdin.fill('3\n4\n5');
	await startRun(page, 'import sys\nprint(sum(int(line) for line in sys.stdin))');
	await runEnded(page, 'succeeded');
	// Input and output are both on screen, side by side.
	const [input, shown] = [(await stdin.boundingBox())!, (await output.boundingBox())!];
	expect(input.x).toBeGreaterThan(shown.x + shown.width - 1);
	await expect(output.getByTestId('program-output')).toHaveText('12\n');
	await expect(output.getByTestId('run-stdin-note')).toHaveText('ran with 3 lines of input');
	await expect(output.getByTestId('run-exit-code')).toHaveText('exit code 0');

	await stdin.fill('');
	await startRun(page);
	await runEnded(page, 'succeeded');
	await expect(output.getByTestId('program-output')).toHaveText('0\n');
	await expect(output.getByTestId('run-stdin-note')).toHaveCount(0);
});

test('the split between the editor and the output resizes by keyboard and is remembered', async ({
	interviewer
}) => {
	const page = interviewer.page;
	await page.setViewportSize({ width: 1280, height: 720 });
	await createInterview(page, `Split ${nonce()}`);
	const splitter = page.getByRole('separator', { name: 'Resize the editor and the output' });
	const editorBox = () => page.getByTestId('editor').boundingBox();
	await expect(splitter).toHaveAttribute('aria-orientation', 'horizontal');
	await expect(splitter).toHaveAttribute('aria-valuenow', '60');
	const before = (await editorBox())!.height;

	await splitter.focus();
	await page.keyboard.press('Shift+ArrowUp');
	await page.keyboard.press('ArrowUp');
	await expect(splitter).toHaveAttribute('aria-valuenow', '48');
	await expect.poll(async () => (await editorBox())!.height).toBeLessThan(before - 50);
	await page.keyboard.press('End');
	await page.keyboard.press('ArrowDown');
	await expect(splitter).toHaveAttribute('aria-valuenow', '85');
	await page.keyboard.press('Shift+ArrowUp');
	await expect(splitter).toHaveAttribute('aria-valuenow', '75');

	await page.reload();
	const restored = page.getByRole('separator', { name: 'Resize the editor and the output' });
	await expect(restored).toHaveAttribute('aria-valuenow', '75');
	await expect.poll(async () => (await editorBox())!.height).toBeGreaterThan(before + 50);
});

test('Clear empties this page’s view of the output only; the record keeps it', async ({
	request,
	interviewer
}) => {
	await skipWithoutRunner(request);
	const page = interviewer.page;
	await createInterview(page, `Clear ${nonce()}`);
	await startRun(page, 'print("first line")\nprint("second line")');
	const output = await runEnded(page, 'succeeded');
	await expect(output.getByTestId('program-output')).toHaveText('first line\nsecond line\n');

	await page.getByTestId('clear-output').click();
	await expect(output.getByTestId('program-output')).toHaveText(
		"(output cleared: the run's history keeps it)"
	);
	// The status line stays: only the output text is cleared.
	await expect(output.getByTestId('run-status')).toHaveText('Finished');
	await expect(page.getByTestId('clear-output')).toBeDisabled();
	await expect(page.getByTestId('copy-output')).toBeDisabled();

	await page.reload();
	await expect(page.getByTestId('run-output').getByTestId('program-output')).toHaveText(
		'first line\nsecond line\n'
	);
});

test('Copy output puts the output on the clipboard', async ({ request, interviewer }) => {
	await skipWithoutRunner(request);
	const page = interviewer.page;
	await createInterview(page, `Copy ${nonce()}`);
	await page.evaluate(() => navigator.clipboard.writeText('nothing yet'));
	await startRun(page, 'print("to the clipboard")');
	await runEnded(page, 'succeeded');
	await page.getByTestId('copy-output').click();
	await expect(page.getByTestId('copy-output')).toHaveText('Copied!');
	expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('to the clipboard\n');
	await expect(page.getByTestId('copy-error')).toHaveCount(0);
});

test('Copy output says so when the clipboard refuses', async ({ request, interviewer }) => {
	await skipWithoutRunner(request);
	const page = interviewer.page;
	await createInterview(page, `No clipboard ${nonce()}`);
	await startRun(page, 'print("kept to myself")');
	await runEnded(page, 'succeeded');
	// Chromium grants a focused page's clipboard writes on a click even with no permission
	// granted, and a Playwright page is always focused: the refusal is made the way the
	// browser refuses (a policy, an unfocused document), with NotAllowedError.
	await page.evaluate(() => {
		navigator.clipboard.writeText = () =>
			Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
	});
	await page.getByTestId('copy-output').click();
	await expect(page.getByTestId('copy-error')).toHaveText(
		'Could not copy the output: Write permission denied.'
	);
	await expect(page.getByTestId('copy-output')).toHaveText('Copy output');
});
