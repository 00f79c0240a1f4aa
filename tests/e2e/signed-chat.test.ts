import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openClientPage } from './clients/client-page';
import {
	copyShareLink,
	createInterview,
	joinAsCandidate,
	nonce,
	sendChat,
	waitForPeers
} from './helpers';

const participantIdOn = (page: Page, roomId: string): Promise<string> =>
	page.evaluate(
		(roomId) => JSON.parse(localStorage.getItem(`pairdesk:admission:${roomId}`)!).participantId,
		roomId
	);

test('hostile: a rogue interviewer relaying lines in the candidate’s name to a late observer: no page shows them, the real ones show', async ({
	interviewer,
	newContext
}) => {
	const run = nonce();
	const { id, candidateLink } = await createInterview(interviewer.page, `Relay ${run}`);
	const candidateName = `Grace ${run}`;
	const candidate = await joinAsCandidate(newContext, candidateLink, candidateName);
	await waitForPeers(candidate.page, 1);
	await sendChat(candidate.page, `real question ${run}`);
	await expect(
		interviewer.page.getByTestId('chat-message').filter({ hasText: `real question ${run}` })
	).toContainText(candidateName);
	const candidateId = await participantIdOn(candidate.page, id);

	// A hand-built client with the interviewer's session, in a context of its own, admitted
	// as an interviewer: it receives the room, the candidate's signed line among it…
	const relay = await openClientPage(newContext, './rogue-relay.ts', 'relay', {
		storageState: await interviewer.context.storageState()
	});
	await relay.page.evaluate((roomId) => window.relay.start(roomId), id);
	expect(await relay.page.evaluate(() => window.relay.role())).toBe('interviewer');
	await expect
		.poll(() => relay.page.evaluate((author) => window.relay.linesOf(author), candidateId))
		.toEqual([`real question ${run}`]);
	// …and relays four lines in the candidate's name under the candidate's Yjs client id.
	await relay.page.evaluate(({ tag, candidateId }) => window.relay.forge(tag, candidateId), {
		tag: run,
		candidateId
	});

	// An observer comes in after, and gets the whole chat from its peers.
	const link = await copyShareLink(interviewer.page, 'copy-observer-link');
	const observer = await newContext();
	const observerPage = await observer.newPage();
	await observerPage.goto(link);
	await observerPage.locator('input[name="display-name"]').fill(`Watcher ${run}`);
	await observerPage.getByRole('button', { name: 'Join interview' }).click();
	await expect(observerPage.getByTestId('observing')).toBeVisible();

	const pages = [observerPage, interviewer.page, candidate.page];
	for (const page of pages) {
		const chat = page.getByTestId('chat-message');
		// The relay's own line, sent after the forgeries, shows: they arrived before it.
		await expect(chat.filter({ hasText: `relayed ${run}` })).toBeVisible();
		await expect(chat.filter({ hasText: 'forged' })).toHaveCount(0);
		await expect(page.getByTestId('chat-log')).toHaveAttribute('data-unverified-lines', '4');
		await expect(chat.filter({ hasText: `real question ${run}` })).toContainText(candidateName);
	}

	// The candidate's next line reaches everyone, the observer too.
	await sendChat(candidate.page, `real answer ${run}`);
	for (const page of pages) {
		const chat = page.getByTestId('chat-message');
		await expect(chat.filter({ hasText: `real answer ${run}` })).toContainText(candidateName);
		await expect(chat).toHaveCount(3);
	}
});

test('a refreshed page keeps signing with the key it kept; a line from it shows for its peers', async ({
	interviewer,
	newContext
}) => {
	const run = nonce();
	const { id, candidateLink } = await createInterview(interviewer.page, `Keys ${run}`);
	const candidateName = `Linus ${run}`;
	const candidate = await joinAsCandidate(newContext, candidateLink, candidateName);
	await waitForPeers(interviewer.page, 1);
	await sendChat(candidate.page, `before ${run}`);
	const candidateId = await participantIdOn(candidate.page, id);

	// The refreshed page comes back with its remembered admission, asking the coordinator
	// for nothing, and signs with the key it kept for that admission's certificate.
	const joins: string[] = [];
	candidate.page.on('request', (request) => {
		if (request.url().includes('/trpc/rooms.join')) joins.push(request.url());
	});
	await candidate.page.reload();
	await waitForPeers(candidate.page, 1);
	await sendChat(candidate.page, `after ${run}`);
	const chat = interviewer.page.getByTestId('chat-message');
	await expect(chat.filter({ hasText: `after ${run}` })).toContainText(candidateName);
	await expect(chat.filter({ hasText: `before ${run}` })).toContainText(candidateName);
	expect(joins).toEqual([]);

	// Without the kept key (another tab took its place, say), the page renews its admission
	// with a new key and goes on chatting as itself.
	await candidate.page.evaluate(
		() =>
			new Promise((resolve, reject) => {
				const request = indexedDB.deleteDatabase('pairdesk-chat-keys');
				request.onsuccess = resolve;
				request.onerror = reject;
			})
	);
	await candidate.page.reload();
	await waitForPeers(candidate.page, 1);
	await sendChat(candidate.page, `renewed ${run}`);
	await expect(chat.filter({ hasText: `renewed ${run}` })).toContainText(candidateName);
	expect(joins).toHaveLength(1);
	expect(await participantIdOn(candidate.page, id)).toBe(candidateId);
	await expect(interviewer.page.getByTestId('chat-log')).toHaveAttribute(
		'data-unverified-lines',
		'0'
	);
});

declare global {
	interface Window {
		relay: {
			start(roomId: string): Promise<void>;
			role(): string;
			connectedPeers(): number;
			linesOf(authorId: string): string[];
			forge(tag: string, candidateId: string): Promise<void>;
		};
	}
}
