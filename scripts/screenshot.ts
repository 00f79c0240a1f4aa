// `npm run screenshot`: starts the app, stages a short interview between two browser
// contexts and saves the interviewer's view of the room as docs/room.png for the README.
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../tests/e2e/settings';
import { startAppServer } from './app-server';
import { openStagedRoom } from './staged-room';

const outputPath = 'docs/room.png';
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
		// insertText bypasses auto-indent, so the code keeps exactly the indentation above.
		await candidate.keyboard.insertText(candidateCode);
		await candidate.getByRole('textbox', { name: 'Chat message' }).fill('A dict makes it O(n).');
		await candidate.getByRole('button', { name: 'Send' }).click();
		await interviewer.getByText('A dict makes it O(n).').waitFor();
		await interviewer.locator('.cm-ySelectionInfo', { hasText: 'Grace Hopper' }).waitFor();
		await interviewer
			.locator('[data-testid="video-tile"][data-name="Grace Hopper"] [data-testid="video-note"]')
			.waitFor({ state: 'detached' });
		// With a Docker engine the run panel shows the candidate's run too.
		const runButton = candidate.getByTestId('run-button');
		if (await runButton.isEnabled()) {
			await runButton.click();
			await interviewer.locator('[data-testid="run-output"][data-status="succeeded"]').waitFor();
		}
		await interviewer.screenshot({ path: outputPath });
		console.log(`saved ${outputPath}`);
	} finally {
		await browser.close();
		await app.stop();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
