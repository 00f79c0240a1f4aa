import { expect, test } from './fixtures';
import {
	createInterview,
	joinAsCandidate,
	joinInContext,
	nonce,
	signUpInterviewer,
	waitForPeers
} from './helpers';
import { expectLiveVideo, fakeMediaLaunchOptions, tileOf, withDevices } from './video-helpers';

test.use({ launchOptions: fakeMediaLaunchOptions, interviewerOptions: withDevices });

test('each side sees the live video of the other, and camera and microphone toggles show on the other side', async ({
	interviewer,
	newContext
}) => {
	const run = nonce();
	const { candidateLink } = await createInterview(interviewer.page, `Video ${run}`);
	const candidateName = `Grace ${run}`;
	const candidate = await joinAsCandidate(newContext, candidateLink, candidateName, withDevices);
	await waitForPeers(interviewer.page, 1);

	const remoteOnInterviewer = tileOf(interviewer.page, candidateName);
	const remoteOnCandidate = tileOf(candidate.page, interviewer.name);
	await expectLiveVideo(remoteOnInterviewer);
	await expectLiveVideo(remoteOnCandidate);
	// The local tile shows this participant's own camera, muted so that it does not echo.
	const ownTile = tileOf(candidate.page, candidateName);
	await expect(ownTile).toHaveAttribute('data-local', 'true');
	await expectLiveVideo(ownTile);
	expect(await ownTile.locator('video').evaluate((video: HTMLVideoElement) => video.muted)).toBe(
		true
	);

	await candidate.page.getByTestId('toggle-camera').click();
	await expect(remoteOnInterviewer).toHaveAttribute('data-camera', 'off');
	await expect(remoteOnInterviewer.getByTestId('camera-off')).toHaveText('Camera off');
	await candidate.page.getByTestId('toggle-microphone').click();
	await expect(remoteOnInterviewer.getByTestId('microphone-off')).toBeVisible();

	await candidate.page.getByTestId('toggle-camera').click();
	await expect(remoteOnInterviewer).toHaveAttribute('data-camera', 'on');
	await expect(remoteOnInterviewer.getByTestId('camera-off')).toHaveCount(0);
	await expectLiveVideo(remoteOnInterviewer);
	await candidate.page.getByTestId('toggle-microphone').click();
	await expect(remoteOnInterviewer.getByTestId('microphone-off')).toHaveCount(0);

	// When the candidate leaves, their tile goes.
	await candidate.context.close();
	await expect(remoteOnInterviewer).toHaveCount(0);
});

test('a participant whose camera is denied is told so and still sees the other', async ({
	interviewer,
	newContext
}) => {
	const run = nonce();
	const { candidateLink } = await createInterview(interviewer.page, `Video denied ${run}`);
	const candidateName = `Alan ${run}`;
	const context = await newContext();
	// The fake-UI flag accepts every prompt, so this context refuses as a person would.
	await context.addInitScript(() => {
		navigator.mediaDevices.getUserMedia = () =>
			Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
	});
	const candidate = await joinInContext(context, candidateLink, candidateName);
	await waitForPeers(interviewer.page, 1);

	const ownTile = tileOf(candidate.page, candidateName);
	await expect(ownTile.getByTestId('video-note')).toHaveText(
		'Camera and microphone access was denied. You can still see and hear the others.'
	);
	await expect(candidate.page.getByTestId('toggle-camera')).toBeDisabled();
	await expectLiveVideo(tileOf(candidate.page, interviewer.name));
	// The interviewer sees that the candidate sends nothing.
	await expect(tileOf(interviewer.page, candidateName).getByTestId('video-note')).toHaveText(
		'No camera or microphone'
	);
});

test('the splitter between code and the video and chat column resizes it and is remembered', async ({
	newContext
}) => {
	const interviewer = await signUpInterviewer(newContext, {
		viewport: { width: 1280, height: 720 }
	});
	const page = interviewer.page;
	await createInterview(page, `Layout ${nonce()}`);
	const splitter = page.getByRole('separator', { name: /Resize the code/ });
	const codeColumn = page.locator('.code-column');
	await expect(splitter).toHaveAttribute('aria-valuenow', '70');
	const before = (await codeColumn.boundingBox())!.width;
	expect(before / 1280).toBeCloseTo(0.7, 1);

	const bar = (await splitter.boundingBox())!;
	await page.mouse.move(bar.x + bar.width / 2, bar.y + bar.height / 2);
	await page.mouse.down();
	await page.mouse.move(640, bar.y + bar.height / 2, { steps: 5 });
	await page.mouse.up();
	await expect(splitter).toHaveAttribute('aria-valuenow', '50');
	expect((await codeColumn.boundingBox())!.width).toBeLessThan(before - 200);

	// Clamped: the chat column never takes more than 55 %.
	await splitter.press('Home');
	await splitter.press('ArrowLeft');
	await expect(splitter).toHaveAttribute('aria-valuenow', '45');
	await splitter.press('ArrowRight');
	await expect(splitter).toHaveAttribute('aria-valuenow', '47');

	await page.reload();
	await expect(page.getByRole('separator', { name: /Resize the code/ })).toHaveAttribute(
		'aria-valuenow',
		'47'
	);
});
