// `npm run screenshot`: starts the app, stages a short interview between two browser
// contexts and saves, for the README, the interviewer's view of the room after a finished
// run (docs/room.png) and, once the interview has ended, its replay (docs/replay.png). The
// run needs the Docker engine and the sandbox images (runner/README.md).
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../tests/e2e/settings';
import { startAppServer } from './app-server';
import { openStagedRoom } from './staged-room';

const roomPath = 'docs/room.png';
const replayPath = 'docs/replay.png';
const viewport = { width: 1280, height: 720 };

const candidateCode = `def two_sum(numbers, target):
    seen = {}
    for index, value in enumerate(numbers):
        if target - value in seen:
            return seen[target - value], index
        seen[value] = index

print(two_sum([2, 7, 11, 15], 9))
`;

async function main() {
	const app = await startAppServer();
	// Chromium's test camera and microphone, so that the video tiles show something.
	const browser = await chromium.launch({
		...chromiumLaunchOptions,
		args: [
			...chromiumLaunchOptions.args,
			'--use-fake-device-for-media-stream',
			'--use-fake-ui-for-media-stream'
		]
	});
	const permissions = ['camera', 'microphone'];
	try {
		const { interviewer, candidate } = await openStagedRoom({
			appUrl: app.url,
			interviewerContext: await browser.newContext({ viewport, permissions }),
			candidateContext: await browser.newContext({ viewport, permissions }),
			interviewerName: 'Ada Lovelace',
			candidateName: 'Grace Hopper',
			title: 'Backend screen — two sum'
		});

		await interviewer
			.getByRole('textbox', { name: 'Chat message' })
			.fill('Hi Grace! Take your time.');
		await interviewer.getByRole('button', { name: 'Send' }).click();
		await candidate.locator('.cm-content').click();
		// Over the language's starter code.
		await candidate.keyboard.press('ControlOrMeta+A');
		// insertText bypasses auto-indent, so the code keeps exactly the indentation above.
		await candidate.keyboard.insertText(candidateCode);
		await candidate.getByRole('textbox', { name: 'Chat message' }).fill('A dict makes it O(n).');
		await candidate.getByRole('button', { name: 'Send' }).click();
		await interviewer.getByText('A dict makes it O(n).').waitFor();
		await interviewer
			.locator('.cm-remoteCursorLabel', { hasText: 'Grace Hopper' })
			.waitFor({ state: 'attached' });
		await interviewer
			.locator('[data-testid="video-tile"][data-name="Grace Hopper"] [data-testid="video-note"]')
			.waitFor({ state: 'detached' });
		const runButton = candidate.getByTestId('run-button');
		if (!(await runButton.isEnabled())) {
			throw new Error(
				'Run is off here: the screenshot shows a finished run (see runner/README.md)'
			);
		}
		await runButton.click();
		await interviewer
			.locator('[data-testid="run-output"][data-status="succeeded"]')
			.waitFor({ timeout: 60_000 });
		await interviewer.screenshot({ path: roomPath });
		console.log(`saved ${roomPath}`);

		await interviewer.getByTestId('end-interview').click();
		await interviewer.getByTestId('confirm-end').click();
		await interviewer.getByTestId('replay-link').click();
		const slider = interviewer.getByRole('slider');
		await slider.waitFor();
		// Near the end: the code written, the run and the chat on the strip.
		const box = (await slider.boundingBox())!;
		await interviewer.mouse.click(box.x + box.width * 0.97, box.y + box.height / 2);
		await interviewer.getByTestId('run-output').waitFor();
		await interviewer.mouse.move(0, 0);
		await interviewer.screenshot({ path: replayPath });
		console.log(`saved ${replayPath}`);
	} finally {
		await browser.close();
		await app.stop();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
