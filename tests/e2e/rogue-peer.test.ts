import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openRoguePeer } from './clients/rogue-peer-page';
import {
	closeShareMenu,
	createInterview,
	editorCode,
	joinAsCandidate,
	nonce,
	openShareMenu,
	recordedSessionLog,
	trpcMutation,
	typeAtEnd,
	toggleRoomControl,
	waitForPeers
} from './helpers';

/** A new observer link for the interview, as its interviewer gets one. */
const createObserverLink = async (interviewerPage: Page, id: string): Promise<string> =>
	(await trpcMutation(interviewerPage, 'rooms.createObserverLink', { id })).body.result.data.linkId;

/** Resolves once the page logs that it refused something from a peer. */
const refusalLogged = (page: Page, pattern: RegExp) =>
	page.waitForEvent('console', { predicate: (message) => pattern.test(message.text()) });

test('a malicious observer editing over the data channel changes nothing for anyone', async ({
	interviewer,
	newContext
}) => {
	const run = nonce();
	const { id, candidateLink } = await createInterview(interviewer.page, `Rogue ${run}`);
	const candidate = await joinAsCandidate(newContext, candidateLink, `Grace ${run}`);
	await waitForPeers(candidate.page, 1);
	const honestCode = `print("honest ${run}")`;
	await typeAtEnd(interviewer.page, honestCode);
	await expect.poll(() => editorCode(candidate.page)).toBe(honestCode);
	const interviewerId = await interviewer.page.evaluate(
		(roomId) => JSON.parse(localStorage.getItem(`pairdesk:admission:${roomId}`)!).participantId,
		id
	);

	// A rogue with its own, valid observer token: connected, it receives the room…
	const rogue = await openRoguePeer(newContext);
	const link = await createObserverLink(interviewer.page, id);
	await rogue.page.evaluate(
		({ roomId, link, name }) => window.rogue.start(roomId, { observerLink: link }, name, false),
		{ roomId: id, link, name: `Rogue ${run}` }
	);
	await expect.poll(() => rogue.page.evaluate(() => window.rogue.code())).toBe(honestCode);

	// …but what it writes is dropped by both honest peers.
	const ignored = [interviewer.page, candidate.page].map((page) =>
		refusalLogged(page, new RegExp(`ignored observer Rogue ${run}: the observer role may not`))
	);
	await rogue.page.evaluate(
		({ tag, interviewerId }) => window.rogue.vandalise(tag, interviewerId),
		{ tag: run, interviewerId }
	);
	await Promise.all(ignored);
	// Its true presence, sent last on the same ordered channel, arrives: the rest did too.
	for (const page of [interviewer.page, candidate.page]) {
		await expect(page.getByTestId('participants')).toContainText(`Rogue ${run}`);
		await expect(page.getByTestId('participants')).not.toContainText(`Interviewer ${run}`);
	}
	expect(await rogue.page.evaluate(() => window.rogue.code())).toContain(`HACKED ${run}`);

	// A second rogue presents a token promoted to interviewer: hung up on, unheard.
	const forger = await openRoguePeer(newContext);
	const hungUp = [interviewer.page, candidate.page].map((page) =>
		refusalLogged(page, /hung up on a peer: room token refused/)
	);
	await forger.page.evaluate(
		({ roomId, link, name }) => window.rogue.start(roomId, { observerLink: link }, name, true),
		{ roomId: id, link: await createObserverLink(interviewer.page, id), name: `Forger ${run}` }
	);
	await Promise.all(hungUp);
	await forger.page.evaluate(
		({ tag, interviewerId }) => window.rogue.vandalise(tag, interviewerId),
		{ tag: `forged-${run}`, interviewerId }
	);
	expect(await forger.page.evaluate(() => window.rogue.connectedPeers())).toBeGreaterThan(0);

	// Revoking its link cuts the rogue off, though it would never hang up by itself.
	const cutOff = [interviewer.page, candidate.page].map((page) =>
		refusalLogged(page, new RegExp(`hung up on observer Rogue ${run}: observer link revoked`))
	);
	await (
		await openShareMenu(interviewer.page)
	)
		.getByTestId('observer-link')
		.filter({ hasText: `Rogue ${run}` })
		.getByTestId('revoke-observer-link')
		.click();
	await Promise.all(cutOff);
	await closeShareMenu(interviewer.page);

	// The honest room is untouched: code, controls, chat — and the candidate still types.
	await typeAtEnd(candidate.page, ' # still mine');
	const expected = `${honestCode} # still mine`;
	await expect.poll(() => editorCode(interviewer.page)).toBe(expected);
	expect(await editorCode(candidate.page)).toBe(expected);
	for (const page of [interviewer.page, candidate.page]) {
		await expect(page.getByTestId('chat-message')).toHaveCount(0);
		await expect(page.getByTestId('editor-locked')).toHaveCount(0);
	}

	// What the coordinator recorded (the participants' uploads) holds no trace of it either.
	await interviewer.page.getByTestId('end-interview').click();
	await interviewer.page.getByTestId('confirm-end').click();
	await expect(interviewer.page.getByTestId('interview-ended')).toBeVisible();
	// The candidate's last keys arrive with its next upload.
	await expect
		.poll(async () => (await recordedSessionLog(interviewer.page, id))?.finalCode, {
			timeout: 15_000
		})
		.toBe(expected);
	expect((await recordedSessionLog(interviewer.page, id))?.chat).toEqual([]);
});

test('a locked candidate editing over the data channel changes nothing; its chat still counts', async ({
	interviewer,
	newContext
}) => {
	const run = nonce();
	const { id, candidateLink } = await createInterview(interviewer.page, `Locked rogue ${run}`);
	const invite = new URL(candidateLink, 'http://x').searchParams.get('invite')!;
	const rogue = await openRoguePeer(newContext);
	await rogue.page.evaluate(
		({ roomId, invite, name }) => window.rogue.start(roomId, { invite }, name, false),
		{ roomId: id, invite, name: `Rogue ${run}` }
	);
	const honestCode = `print("mine ${run}")`;
	await typeAtEnd(interviewer.page, honestCode);
	await expect.poll(() => rogue.page.evaluate(() => window.rogue.code())).toBe(honestCode);

	await toggleRoomControl(interviewer.page, 'lock-editor');
	await expect.poll(() => rogue.page.evaluate(() => window.rogue.editorLocked())).toBe(true);
	// A lock takes hold a moment after a page sees it (room-rules.ts): once it has, nothing
	// is in flight. The room shows both in the same update, so the lock is seen first.
	await expect(interviewer.page.getByTestId('lock-editor')).toHaveAttribute('aria-pressed', 'true');
	await expect(interviewer.page.getByTestId('room')).toHaveAttribute('data-rules-settled', 'true');

	const ignored = refusalLogged(
		interviewer.page,
		new RegExp(`ignored candidate Rogue ${run}: the candidate role may not make this change`)
	);
	await rogue.page.evaluate((tag) => window.rogue.tamperWhileLocked(tag), run);
	await ignored;
	// Its presence, sent last on the same ordered channel, arrives: so did the rest.
	await expect(interviewer.page.getByTestId('participants')).toContainText(`Rogue ${run}`);
	await expect(interviewer.page.getByTestId('chat-message')).toContainText(`still chatting ${run}`);
	expect(await editorCode(interviewer.page)).toBe(honestCode);
	await expect(interviewer.page.getByTestId('lock-editor')).toHaveAttribute('aria-pressed', 'true');
	expect(await rogue.page.evaluate(() => window.rogue.code())).toContain(`LOCKED-OUT ${run}`);
});

test('a rogue candidate forging chat, controls, presence and authorship, live and after the end, changes nothing', async ({
	interviewer,
	newContext
}) => {
	const run = nonce();
	const { id, candidateLink } = await createInterview(interviewer.page, `Forger ${run}`);
	const invite = new URL(candidateLink, 'http://x').searchParams.get('invite')!;
	const honestCode = `print("mine ${run}")`;
	await typeAtEnd(interviewer.page, honestCode);
	const interviewerId = await interviewer.page.evaluate(
		(roomId) => JSON.parse(localStorage.getItem(`pairdesk:admission:${roomId}`)!).participantId,
		id
	);
	const rogue = await openRoguePeer(newContext);
	await rogue.page.evaluate(
		({ roomId, invite, name }) => window.rogue.start(roomId, { invite }, name, false),
		{ roomId: id, invite, name: `Rogue ${run}` }
	);
	await expect.poll(() => rogue.page.evaluate(() => window.rogue.code())).toBe(honestCode);
	const page = interviewer.page;
	const refusals = [
		refusalLogged(
			page,
			new RegExp(`ignored candidate Rogue ${run}: the candidate role may not make this change`)
		),
		refusalLogged(
			page,
			new RegExp(`ignored candidate Rogue ${run}: presence claiming someone else`)
		)
	];
	await rogue.page.evaluate(
		({ tag, interviewerId, name }) => window.rogue.forgeAsCandidate(tag, interviewerId, name),
		{ tag: run, interviewerId, name: interviewer.name }
	);
	await Promise.all(refusals);

	// Nothing forged shows: no line in the interviewer's name, the controls as they were, the
	// interview not ended, the interviewer's own code, one interviewer present, no overlay.
	await expect(page.getByTestId('participants')).toContainText(`Rogue ${run}`);
	await expect(page.getByTestId('chat-message')).toHaveCount(0);
	expect(await editorCode(page)).toBe(honestCode);
	await expect(page.getByTestId('interview-ended')).toHaveCount(0);
	await expect(page.getByTestId('end-interview')).toBeVisible();
	await expect(
		page.getByTestId('participants').locator('li', { hasText: 'interviewer' })
	).toHaveCount(1);
	const overlaid = await page.evaluate(() =>
		[...document.querySelectorAll('[style]')].some((element) =>
			element.getAttribute('style')!.includes('position:fixed')
		)
	);
	expect(overlaid).toBe(false);

	// The interviewer ends; the rogue uploads a rewrite and a verdict dated before the end.
	await page.getByTestId('end-interview').click();
	await page.getByTestId('confirm-end').click();
	await expect(page.getByTestId('interview-ended')).toBeVisible();
	// The pages and the coordinator share this machine's clock.
	const endedAt = Date.now();
	const upload = await rogue.page.evaluate(
		({ tag, interviewerId, name, endedAt }) =>
			window.rogue.uploadAfterEnd(tag, interviewerId, name, endedAt),
		{ tag: run, interviewerId, name: interviewer.name, endedAt }
	);
	expect(upload.status).toBe(200);
	// The upload ends with a signal the rogue may record (its leaving): once the session log
	// has it, the log was rebuilt from the whole upload, forgeries included had they counted.
	const rogueLeft = async () =>
		(await recordedSessionLog(page, id))?.participants.find(
			(participant) => participant.name === `Rogue ${run}`
		)?.left;
	await expect.poll(rogueLeft, { timeout: 15_000 }).toEqual([upload.leftAt]);
	const log = await recordedSessionLog(page, id);
	expect(log?.finalCode).toBe(honestCode);
	expect(log?.chat.filter((line) => line.author === interviewer.name)).toEqual([]);
});

declare global {
	interface Window {
		rogue: {
			start(
				roomId: string,
				entry: { observerLink: string } | { invite: string },
				name: string,
				forgePass: boolean
			): Promise<void>;
			vandalise(tag: string, interviewerId: string): void;
			tamperWhileLocked(tag: string): Promise<void>;
			forgeAsCandidate(
				tag: string,
				interviewerId: string,
				interviewerName: string
			): Promise<number>;
			uploadAfterEnd(
				tag: string,
				interviewerId: string,
				interviewerName: string,
				endedAt: number
			): Promise<{ status: number; body: unknown; leftAt: string }>;
			editorLocked(): boolean;
			code(): string;
			connectedPeers(): number;
		};
	}
}
