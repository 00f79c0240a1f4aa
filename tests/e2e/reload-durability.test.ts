import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
	createInterview,
	expectAllUploaded,
	editor,
	joinAsCandidate,
	nonce,
	recordedSessionLog,
	signUpInterviewer,
	typeAtEnd,
	waitForPeers,
	type NewContext
} from './helpers';

/**
 * The editor's whole text, also what CodeMirror does not draw (lines outside the viewport,
 * the far part of a long line). Kludge: the page has no handle on its EditorView, so this
 * follows the content element to it as `EditorView.findFromDOM` does.
 */
function editorText(page: Page): Promise<string> {
	return editor(page).evaluate((content) =>
		(
			content as unknown as { cmTile: { root: { view: { state: { doc: object } } } } }
		).cmTile.root.view.state.doc.toString()
	);
}

/** `length` characters of words and spaces: no newline, bracket or quote the editor completes. */
function words(length: number, seed: string): string {
	let text = '';
	for (let i = 0; text.length < length; i++) text += `${seed}${i} `;
	return text.slice(0, length);
}

/**
 * Holds back what the page sends on its signaling connections from now on, so that it meets
 * no peer: what it shows meanwhile comes from this browser alone. Returns the release.
 */
async function holdOffPeers(page: Page): Promise<() => void> {
	let release!: () => void;
	const released = new Promise<void>((resolve) => (release = resolve));
	await page.routeWebSocket(/\/signal/, (socket) => {
		const coordinator = socket.connectToServer();
		socket.onMessage((message) => void released.then(() => coordinator.send(message)));
	});
	return release;
}

/**
 * The candidate types with `type` (which makes `edits` editor changes) and reloads the page
 * at once. Afterwards the candidate's page, before it meets a peer and after, the
 * interviewer's page and, once the interview ended, the recorded final code and the
 * candidate's replay track hold every keystroke.
 */
async function typeThenReload(
	newContext: NewContext,
	text: string,
	edits: number,
	type: (page: Page) => Promise<void>
) {
	const run = nonce();
	const interviewer = await signUpInterviewer(newContext);
	const { id, candidateLink } = await createInterview(interviewer.page, `Reload ${run}`);
	const candidate = await joinAsCandidate(newContext, candidateLink, `Grace ${run}`);
	await waitForPeers(interviewer.page, 1);
	await waitForPeers(candidate.page, 1);

	await editor(candidate.page).click();
	const letPeersIn = await holdOffPeers(candidate.page);
	await type(candidate.page);
	await candidate.page.reload();

	await expect(editor(candidate.page)).toBeVisible();
	await expect.poll(() => editorText(candidate.page)).toBe(text);
	await waitForPeers(candidate.page, 0);
	letPeersIn();
	await waitForPeers(candidate.page, 1);
	await expect.poll(() => editorText(interviewer.page)).toBe(text);
	expect(await editorText(candidate.page)).toBe(text);
	await expectAllUploaded(candidate.page, id);

	await endAndExpectRecorded(interviewer.page, candidate.page, id, text);
	// One recorded update per keystroke, each stored once.
	await expect(replayTrack(interviewer.page, `Grace ${run}`)).toHaveAttribute(
		'data-edits',
		String(edits)
	);
}

/** Ends the interview; then the recorded final code, once every queue drained, is `code`. */
async function endAndExpectRecorded(interviewer: Page, candidate: Page, id: string, code: string) {
	await interviewer.getByTestId('end-interview').click();
	await interviewer.getByTestId('confirm-end').click();
	await expect(candidate.getByTestId('interview-ended')).toBeVisible();
	// Queues drain on their next upload tick; the log is rebuilt when they do.
	await expect
		.poll(async () => (await recordedSessionLog(interviewer, id))?.finalCode, { timeout: 20_000 })
		.toBe(code);
	await interviewer.goto(`/interviews/${id}/replay`);
}

const replayTrack = (replay: Page, name: string) =>
	replay.getByTestId('replay-track').filter({ hasText: name });

/** Crashes the page's renderer (no `pagehide`, nothing more runs in it) and closes the tab. */
async function crash(page: Page) {
	const cdp = await page.context().newCDPSession(page);
	const crashed = page.waitForEvent('crash');
	// Its answer never comes: the renderer is gone first.
	void cdp.send('Page.crash').catch(() => {});
	await crashed;
	await page.close();
}

test('300 characters typed at human speed (30 ms a key), then an immediate reload: none is lost', async ({
	newContext
}) => {
	test.setTimeout(120_000);
	const text = words(300, 'human');
	await typeThenReload(newContext, text, text.length, (page) =>
		page.keyboard.type(text, { delay: 30 })
	);
});

test('3,000 characters typed as fast as input goes, then an immediate reload: none is lost', async ({
	newContext
}) => {
	test.setTimeout(180_000);
	// In chunks of 10, each one input event and one edit: a key at a time takes minutes on a
	// loaded 2-core machine, and what matters is the many edits still unwritten at the reload.
	const chunks = words(3000, 'fast').match(/.{1,10}/g)!;
	await typeThenReload(newContext, chunks.join(''), chunks.length, async (page) => {
		for (const chunk of chunks) await page.keyboard.insertText(chunk);
	});
});

test('a tab closed and a tab crashed right after typing lose nothing: the next visit has every keystroke and uploads it', async ({
	interviewer,
	newContext
}) => {
	test.setTimeout(180_000);
	const run = nonce();
	const { id, candidateLink } = await createInterview(interviewer.page, `Crash ${run}`);
	const fromInterviewer = words(60, 'ivw');
	// None of it reaches the record before the tab closes, however slow the typing.
	await interviewer.page.route(
		(url) => url.pathname.includes('recording.upload'),
		(route) => route.abort()
	);
	await typeAtEnd(interviewer.page, fromInterviewer);
	await interviewer.page.close();

	// Alone in the room, so that what the page shows can only come from this browser.
	const candidate = await joinAsCandidate(newContext, candidateLink, `Grace ${run}`);
	const fromCandidate = words(300, 'cand');
	await typeAtEnd(candidate.page, fromCandidate, 30);
	await crash(candidate.page);
	const reopened = await candidate.context.newPage();
	await reopened.goto(candidateLink);
	await expect(editor(reopened)).toBeVisible();
	await expect.poll(() => editorText(reopened)).toBe(fromCandidate);
	await waitForPeers(reopened, 0);

	// The interviewer comes back: the pages merge both texts, in an order Yjs picks (both
	// were typed at the start of an empty document).
	const back = await interviewer.context.newPage();
	await back.goto(`/interview/${id}`);
	await waitForPeers(back, 1);
	const merged = [fromInterviewer + fromCandidate, fromCandidate + fromInterviewer];
	await expect.poll(async () => merged.includes(await editorText(back))).toBe(true);
	const code = await editorText(back);
	await expect.poll(() => editorText(reopened)).toBe(code);
	await expectAllUploaded(reopened, id);
	await expectAllUploaded(back, id);

	await endAndExpectRecorded(back, reopened, id, code);
	await expect(replayTrack(back, `Grace ${run}`)).toHaveAttribute(
		'data-edits',
		String(fromCandidate.length)
	);
	expect(
		Number(await replayTrack(back, interviewer.name).getAttribute('data-edits'))
	).toBeGreaterThanOrEqual(fromInterviewer.length);
});
