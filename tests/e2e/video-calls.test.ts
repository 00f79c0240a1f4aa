import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openClientPage } from './clients/client-page';
import {
	closeShareMenu,
	copyShareLink,
	createInterview,
	editor,
	joinAsCandidate,
	joinInContext,
	nonce,
	openShareMenu,
	trpcMutation,
	waitForPeers,
	type Interviewer,
	type NewContext
} from './helpers';
import {
	countMedia,
	expectLiveVideo,
	fakeMediaLaunchOptions,
	mediaCensus,
	tileOf,
	withDevices
} from './video-helpers';

test.use({ launchOptions: fakeMediaLaunchOptions, interviewerOptions: withDevices });

// Three pages with camera and microphone share the machine's cores: give each stream time.
const liveVideoTimeoutMs = 30_000;

/** A candidate and an observer joining `interviewer`'s new room, each in a browser context of its own. */
async function roomOfThree(interviewer: Interviewer, newContext: NewContext, run: string) {
	// Counts from the next page load on: createInterview loads the dashboard again.
	await countMedia(interviewer.context);
	const { candidateLink } = await createInterview(interviewer.page, `Three ${run}`);
	const observerLink = await copyShareLink(interviewer.page, 'copy-observer-link');
	const candidateContext = await newContext(withDevices);
	await countMedia(candidateContext);
	const candidateName = `Grace ${run}`;
	const candidate = await joinInContext(candidateContext, candidateLink, candidateName);
	const observerContext = await newContext(withDevices);
	await countMedia(observerContext);
	const observerName = `Watcher ${run}`;
	const observerPage = await observerContext.newPage();
	await observerPage.goto(observerLink);
	await observerPage.locator('input[name="display-name"]').fill(observerName);
	await observerPage.getByRole('button', { name: 'Join interview' }).click();
	await expect(editor(observerPage)).toBeVisible();
	return {
		candidate: { ...candidate, name: candidateName },
		observer: { context: observerContext, page: observerPage, name: observerName }
	};
}

test('with an observer in the room, every page calls each other page once and everyone sees the live video', async ({
	interviewer,
	newContext
}) => {
	// Three pages with camera and microphone, and presence changing while they are in calls.
	test.setTimeout(180_000);
	const run = nonce();
	const { candidate, observer } = await roomOfThree(interviewer, newContext, run);
	const pages: Page[] = [interviewer.page, candidate.page, observer.page];
	for (const page of pages) await waitForPeers(page, 2);

	await expectLiveVideo(tileOf(observer.page, interviewer.name), liveVideoTimeoutMs);
	await expectLiveVideo(tileOf(observer.page, candidate.name), liveVideoTimeoutMs);
	await expectLiveVideo(tileOf(interviewer.page, candidate.name), liveVideoTimeoutMs);
	await expectLiveVideo(tileOf(candidate.page, interviewer.name), liveVideoTimeoutMs);
	// Observers send nothing, so nobody shows a tile for one.
	await expect(tileOf(interviewer.page, observer.name)).toHaveCount(0);

	// Settled, and again after presence changed on every page: each page has one PeerJS peer
	// (a second socket only if it had to reconnect), one open call per peer, and per peer at
	// most two connections of each kind (the document's, and a call placed again after a
	// drop). Before, an observer's page opened 10 a second as presence changed.
	const expectBounded = async () => {
		for (const census of await Promise.all(pages.map(mediaCensus))) {
			expect(census.peerServerSockets).toBeLessThanOrEqual(2);
			expect(census.connections).toBeLessThanOrEqual(2 * 2 + 2 * 2);
			expect(census.openCallConnections).toBe(2);
		}
	};
	for (const page of pages) {
		await expect.poll(async () => (await mediaCensus(page)).openCallConnections).toBe(2);
	}
	await expectBounded();
	// Each camera toggled off and on again, and every other page seeing it in presence.
	for (const [person, others] of [
		[interviewer, [candidate.page, observer.page]],
		[candidate, [interviewer.page, observer.page]]
	] as const) {
		for (const camera of ['off', 'on']) {
			await person.page.getByTestId('toggle-camera').click();
			for (const page of others) {
				await expect(tileOf(page, person.name)).toHaveAttribute('data-camera', camera);
			}
		}
	}
	await expectBounded();
	await expectLiveVideo(tileOf(observer.page, interviewer.name), liveVideoTimeoutMs);
	await expectLiveVideo(tileOf(interviewer.page, candidate.name), liveVideoTimeoutMs);
});

/** Whether any <video> of the page still plays a live track. */
const playsLiveMedia = (page: Page) =>
	page
		.locator('video')
		.evaluateAll((videos) =>
			(videos as HTMLVideoElement[]).some((video) =>
				((video.srcObject as MediaStream | null)?.getTracks() ?? []).some(
					(track) => track.readyState === 'live'
				)
			)
		);

test('ending the interview turns off every camera and microphone and hangs up every call, on every page', async ({
	interviewer,
	newContext
}) => {
	test.setTimeout(180_000);
	const run = nonce();
	const { candidate, observer } = await roomOfThree(interviewer, newContext, run);
	const pages: Page[] = [interviewer.page, candidate.page, observer.page];
	await expectLiveVideo(tileOf(observer.page, interviewer.name), liveVideoTimeoutMs);
	await expectLiveVideo(tileOf(observer.page, candidate.name), liveVideoTimeoutMs);
	await expectLiveVideo(tileOf(interviewer.page, candidate.name), liveVideoTimeoutMs);
	await expectLiveVideo(tileOf(candidate.page, interviewer.name), liveVideoTimeoutMs);
	for (const page of [interviewer.page, candidate.page]) {
		expect((await mediaCensus(page)).localTracks).toEqual(['live', 'live']);
	}

	await interviewer.page.getByTestId('end-interview').click();
	await interviewer.page.getByTestId('confirm-end').click();
	for (const page of pages) {
		await expect(page.getByTestId('interview-ended')).toBeVisible();
		await expect
			.poll(async () => {
				const { localTracks, openCallConnections } = await mediaCensus(page);
				return {
					liveTracks: localTracks.filter((state) => state !== 'ended').length,
					openCallConnections
				};
			})
			.toEqual({ liveTracks: 0, openCallConnections: 0 });
		expect(await playsLiveMedia(page)).toBe(false);
		await expect(page.getByTestId('toggle-camera')).toHaveCount(0);
		await expect(page.getByTestId('toggle-microphone')).toHaveCount(0);
		await expect(page.getByTestId('video-ended')).toBeVisible();
	}
	// A page opened after the end does not turn camera and microphone on at all.
	await candidate.page.reload();
	await expect(candidate.page.getByTestId('interview-ended')).toBeVisible();
	await expect(candidate.page.getByTestId('video-ended')).toBeVisible();
	expect((await mediaCensus(candidate.page)).mediaRequests).toBe(0);
});

test('a page answers no video call from someone not present in the room, and hangs up on an observer once revoked', async ({
	interviewer,
	newContext
}) => {
	test.setTimeout(180_000);
	const run = nonce();
	await countMedia(interviewer.context);
	const { id, candidateLink } = await createInterview(interviewer.page, `Stranger ${run}`);
	const candidateName = `Grace ${run}`;
	await joinAsCandidate(newContext, candidateLink, candidateName, withDevices);
	await expectLiveVideo(tileOf(interviewer.page, candidateName), liveVideoTimeoutMs);
	const interviewerPeerId = await interviewer.page.evaluate(
		(roomId) => JSON.parse(localStorage.getItem(`pairdesk:admission:${roomId}`)!).peerId,
		id
	);

	// An observer with a valid token and peer id, who never joined the document, calls.
	const stranger = await openClientPage(newContext, './raw-video-caller.ts', 'rawCaller');
	const link = (await trpcMutation(interviewer.page, 'rooms.createObserverLink', { id })).body
		.result.data.linkId;
	await stranger.page.evaluate(
		({ roomId, link, name }) => window.rawCaller.start(roomId, { observerLink: link }, name),
		{ roomId: id, link, name: `Stranger ${run}` }
	);
	// Whichever comes first: the page closing the call unanswered, or media reaching the caller.
	const refused = interviewer.page
		.waitForEvent('console', {
			predicate: (message) =>
				/video: refused a call from .*: not present in the room/.test(message.text()),
			timeout: 20_000
		})
		.then(
			() => 'refused',
			() => 'no refusal'
		);
	const gotMedia = stranger.page
		.waitForFunction(() => window.rawCaller.outcome().gotStream, undefined, { timeout: 20_000 })
		.then(
			() => 'media',
			() => 'no media'
		);
	await stranger.page.evaluate((peerId) => window.rawCaller.call(peerId), interviewerPeerId);
	expect(await Promise.race([refused, gotMedia])).toBe('refused');
	expect(await stranger.page.evaluate(() => window.rawCaller.outcome())).toMatchObject({
		gotStream: false,
		answered: false
	});
	// The page made no connection for it: the candidate's call is its only one.
	expect((await mediaCensus(interviewer.page)).openCallConnections).toBe(1);

	// Once present in the document under its token, the same call is answered with media…
	await stranger.page.evaluate(() => window.rawCaller.joinDocument());
	await expect(interviewer.page.getByTestId('participants')).toContainText(`Stranger ${run}`);
	await stranger.page.evaluate((peerId) => window.rawCaller.call(peerId), interviewerPeerId);
	await expect
		.poll(() => stranger.page.evaluate(() => window.rawCaller.outcome().gotStream))
		.toBe(true);

	// …and hung up on when the interviewer revokes its link.
	await (
		await openShareMenu(interviewer.page)
	)
		.getByTestId('observer-link')
		.filter({ hasText: `Stranger ${run}` })
		.getByTestId('revoke-observer-link')
		.click();
	await closeShareMenu(interviewer.page);
	await expect
		.poll(() => stranger.page.evaluate(() => window.rawCaller.outcome().closed))
		.toBe(true);
	await expect.poll(async () => (await mediaCensus(interviewer.page)).openCallConnections).toBe(1);
	await expectLiveVideo(tileOf(interviewer.page, candidateName), liveVideoTimeoutMs);
});

declare global {
	interface Window {
		rawCaller: {
			start(
				roomId: string,
				entry: { observerLink: string } | { invite: string },
				name: string
			): Promise<void>;
			joinDocument(): void;
			call(peerId: string): void;
			outcome(): { gotStream: boolean; closed: boolean; answered: boolean };
		};
	}
}
