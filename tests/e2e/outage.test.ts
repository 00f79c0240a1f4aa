import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { freePort, startAppServer, type AppServer } from '../../scripts/app-server';
import {
	createInterview,
	editorCode,
	joinAsCandidate,
	nonce,
	signUpInterviewer,
	typeAtEnd,
	waitForPeers
} from './helpers';

/** Keys 20 ms apart, as a fast typist: each keystroke its own recorded update. */
const keyDelayMs = 20;

test('with the coordinator stopped mid-interview, both keep typing peer to peer and the replay still holds every keystroke', async ({
	newContext
}) => {
	test.setTimeout(180_000);
	// Its own coordinator, which this test stops and restarts on the same port and data.
	const port = await freePort();
	const dataDir = mkdtempSync(join(tmpdir(), 'pairdesk-outage-'));
	const start = () => startAppServer({ port, dataDir, env: { RECORDING_UPLOAD_MS: '500' } });
	let server: AppServer = await start();
	try {
		const baseURL = server.url;
		const run = nonce();
		const interviewer = await signUpInterviewer(newContext, { baseURL });
		const { id, candidateLink } = await createInterview(interviewer.page, `Outage ${run}`);
		const candidate = await joinAsCandidate(newContext, candidateLink, `Grace ${run}`, { baseURL });
		await waitForPeers(interviewer.page, 1);
		await waitForPeers(candidate.page, 1);

		await typeAtEnd(candidate.page, 'before ', keyDelayMs);
		await server.stop();

		// No coordinator: the peers still see each other's keystrokes directly.
		await typeAtEnd(candidate.page, 'during ', keyDelayMs);
		await expect.poll(() => editorCode(interviewer.page)).toBe('before during ');
		await typeAtEnd(interviewer.page, 'outage ', keyDelayMs);
		await expect.poll(() => editorCode(candidate.page)).toBe('before during outage ');

		server = await start();
		await typeAtEnd(candidate.page, 'after', keyDelayMs);
		await expect.poll(() => editorCode(interviewer.page)).toBe('before during outage after');

		await interviewer.page.getByTestId('end-interview').click();
		await interviewer.page.getByTestId('confirm-end').click();
		await expect(candidate.page.getByTestId('interview-ended')).toBeVisible();

		// Queues drain within a few upload ticks; the replay then holds every keystroke: the
		// candidate's 19 and the interviewer's 7 (and the interviewer's end of the interview).
		const track = (name: string) =>
			interviewer.page.getByTestId('replay-track').filter({ hasText: name });
		await expect
			.poll(
				async () => {
					await interviewer.page.goto(`/interviews/${id}/replay`);
					return track(`Grace ${run}`).getAttribute('data-edits');
				},
				{ timeout: 20_000 }
			)
			.toBe(String('before during after'.length));
		expect(Number(await track(interviewer.name).getAttribute('data-edits'))).toBeGreaterThanOrEqual(
			'outage '.length
		);
		const scrubber = interviewer.page.getByTestId('replay-scrubber');
		await scrubber.press('End');
		await expect(interviewer.page.locator('[data-testid="replay-code"] .cm-content')).toHaveText(
			'before during outage after'
		);
	} finally {
		await server.stop();
		rmSync(dataDir, { recursive: true, force: true });
	}
});
