import type { Page, Route } from '@playwright/test';
import { expect, test } from './fixtures';
import { createInterview, editor, nonce, typeAtEnd } from './helpers';

/**
 * Holds every tRPC request that calls one of `procedures` (alone or in a batch) until
 * `release`; the others go through. `held` names the procedures of each held request.
 */
async function holdCalls(page: Page, procedures: string[]) {
	const routes: Route[] = [];
	const held: string[] = [];
	await page.route('**/trpc/**', async (route) => {
		const called = new URL(route.request().url()).pathname.split('/trpc/')[1]!.split(',');
		if (!called.some((name) => procedures.includes(name))) return route.continue();
		routes.push(route);
		held.push(...called);
	});
	return { held, release: () => Promise.all(routes.map((route) => route.continue())) };
}

/** Opens the page's signaling and PeerJS sockets to nobody: it meets no peer. */
async function holdOffPeers(page: Page) {
	await page.routeWebSocket(/\/(signal|peerjs)/, () => {
		// Not connected to the coordinator: whatever the page sends there goes nowhere.
	});
}

/** Forgets the chat keys this browser kept, so the next load of a room must renew its own. */
async function forgetKeptChatKeys(page: Page) {
	await page.evaluate(
		() =>
			new Promise((resolve, reject) => {
				const request = indexedDB.deleteDatabase('pairdesk-chat-keys');
				request.onsuccess = resolve;
				request.onerror = () => reject(request.error);
			})
	);
}

test('a refreshed room shows its local copy while the renewal of its admission, the record and the peers are held back', async ({
	interviewer
}) => {
	const { page } = interviewer;
	await createInterview(page, `Local first ${nonce()}`);
	const typed = `kept_here = "${nonce()}"`;
	await typeAtEnd(page, typed);
	await expect(page.getByTestId('room')).toHaveAttribute('data-saved-locally', 'true');
	// Without its chat key the page renews its admission (rooms.join) on the next load.
	await forgetKeptChatKeys(page);

	const calls = await holdCalls(page, ['rooms.join', 'recording.state']);
	await holdOffPeers(page);
	await page.reload();
	await expect(editor(page)).toContainText(typed);
	await expect.poll(() => calls.held).toEqual(expect.arrayContaining(['rooms.join']));
	await expect.poll(() => calls.held).toEqual(expect.arrayContaining(['recording.state']));
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-peers', '0');
	// Chat waits for the renewal's new key; the room is usable meanwhile.
	const chatBox = page.getByRole('textbox', { name: 'Chat message' });
	await expect(chatBox).toBeDisabled();

	await calls.release();
	await expect(chatBox).toBeEnabled();
	await expect(editor(page)).toContainText(typed);
});
