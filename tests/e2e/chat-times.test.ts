import { expect, test } from './fixtures';
import { openClientPage } from './clients/client-page';
import { createInterview, nonce, sendChat } from './helpers';

test('a chat line sent at an impossible time is dropped; the chat and the replay still render', async ({
	interviewer,
	newContext
}) => {
	const run = nonce();
	const { id, candidateLink } = await createInterview(interviewer.page, `Clock ${run}`);
	const invite = new URL(candidateLink, 'http://x').searchParams.get('invite')!;
	const peer = await openClientPage(newContext, './bad-clock-peer.ts', 'badClock');
	await peer.page.evaluate(
		({ roomId, invite, name }) => window.badClock.start(roomId, invite, name),
		{ roomId: id, invite, name: `Skewed ${run}` }
	);
	await expect(interviewer.page.getByTestId('participants')).toContainText(`Skewed ${run}`);

	// 9e15 ms is past what a Date holds: formatting it throws "Invalid time value".
	await peer.page.evaluate(async (run) => {
		await window.badClock.chat(`far-${run}`, `from the far future ${run}`, 9e15);
		await window.badClock.chat(`zero-${run}`, `from 1970 ${run}`, 0);
		await window.badClock.chat(`fine-${run}`, `on time ${run}`, Date.now());
	}, run);
	const chat = interviewer.page.getByTestId('chat-message');
	await expect(chat.filter({ hasText: `on time ${run}` })).toBeVisible();
	await expect(chat).toHaveCount(1);
	await sendChat(interviewer.page, `still chatting ${run}`);
	await expect(chat.filter({ hasText: `still chatting ${run}` })).toBeVisible();
	expect(await peer.page.evaluate(() => window.badClock.upload())).toBe(200);

	await interviewer.page.getByTestId('end-interview').click();
	await interviewer.page.getByTestId('confirm-end').click();
	await expect(interviewer.page.getByTestId('interview-ended')).toBeVisible();
	await interviewer.page.goto(`/interviews/${id}/replay`);
	const replay = interviewer.page;
	await expect(replay.getByTestId('replay-track')).toHaveCount(2);
	const scrubber = replay.getByTestId('replay-scrubber');
	await scrubber.press('End');
	const replayChat = replay.getByTestId('replay-chat-message');
	await expect(replayChat.filter({ hasText: `on time ${run}` })).toBeVisible();
	await expect(replayChat.filter({ hasText: `still chatting ${run}` })).toBeVisible();
	await expect(replayChat).toHaveCount(2);
	await expect(replay.getByTestId('replay-time')).not.toContainText('Invalid');
	// The timeline spans the interview, not the years to a time nobody's clock showed.
	const span = Number(await scrubber.getAttribute('aria-valuemax'));
	expect(span).toBeLessThan(60 * 60_000);
});

declare global {
	interface Window {
		badClock: {
			start(roomId: string, invite: string, name: string): Promise<void>;
			connectedPeers(): number;
			chat(id: string, text: string, sentAt: number): Promise<void>;
			upload(): Promise<number>;
		};
	}
}
