import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
	copyShareLink,
	createInterview,
	joinAsCandidate,
	joinInContext,
	nonce,
	openMenu,
	toggleRoomControl,
	waitForPeers
} from './helpers';

test.use({ viewport: { width: 1280, height: 720 } });

/**
 * The room bar's height, and how many of the things in it sit off its middle line: in one
 * row, each is centred on it.
 */
async function barLayout(page: Page) {
	return page.locator('.room-bar').evaluate((bar) => {
		const box = bar.getBoundingClientRect();
		const middle = box.top + box.height / 2;
		const offLine = [...bar.children]
			.map((child) => child.getBoundingClientRect())
			.filter((rect) => rect.width > 0 && Math.abs(rect.top + rect.height / 2 - middle) > 2);
		return { height: Math.round(box.height), offLine: offLine.length };
	});
}

const colorOf = (locator: Locator) =>
	locator.evaluate((element) => getComputedStyle(element).color);

test('the room bar stays one row at 1280×720 as people join, with avatars, a controls menu and a guarded End', async ({
	interviewer,
	newContext
}) => {
	test.setTimeout(180_000);
	const run = nonce();
	const page = interviewer.page;
	const { candidateLink } = await createInterview(
		page,
		`A rather long interview title for the bar ${run}`
	);
	const before = await barLayout(page);
	expect(before.offLine).toBe(0);

	await joinAsCandidate(newContext, candidateLink, `Grace Hopper ${run}`);
	const observerLink = await copyShareLink(page, 'copy-observer-link');
	// Each in a context of its own: pages of one context share their remembered admission.
	for (const name of ['Watcher One', 'Watcher Two']) {
		await joinInContext(await newContext(), observerLink, `${name} ${run}`);
	}
	await expect(page.getByTestId('participant-count')).toHaveText('4');
	await waitForPeers(page, 3);
	// Nobody's arrival moved or wrapped the bar: people are avatars and a count.
	expect(await barLayout(page)).toEqual(before);
	const participants = await openMenu(page, 'participants-menu');
	await expect(participants.getByTestId('participants').locator('li')).toHaveCount(4);
	await expect(participants).toContainText(`Grace Hopper ${run}`);
	// Escape closes a menu and gives focus back to what opened it.
	await page.keyboard.press('Escape');
	await expect(participants).not.toHaveAttribute('open');
	await expect(participants.locator('summary')).toBeFocused();

	// The interviewer's switches sit in one menu; a switch keeps its label and shows its state.
	const lock = (await openMenu(page, 'room-controls')).getByTestId('lock-editor');
	const label = await lock.textContent();
	await expect(lock).toHaveAttribute('aria-pressed', 'false');
	await toggleRoomControl(page, 'lock-editor');
	await expect(lock).toHaveAttribute('aria-pressed', 'true');
	expect(await lock.textContent()).toBe(label);
	await page.keyboard.press('Escape');
	await expect(page.getByTestId('room-controls').locator('summary')).toBeFocused();

	// End is destructive-looking and asks first; "Keep going" ends nothing.
	const end = page.getByTestId('end-interview');
	const danger = await page.evaluate(() => {
		const probe = document.createElement('span');
		probe.style.color = 'var(--danger)';
		document.body.append(probe);
		const color = getComputedStyle(probe).color;
		probe.remove();
		return color;
	});
	expect(await colorOf(end)).toBe(danger);
	await end.click();
	const dialog = page.getByRole('dialog', { name: 'End the interview for everyone?' });
	await expect(dialog).toBeVisible();
	await dialog.getByRole('button', { name: 'Keep going' }).click();
	await expect(dialog).toBeHidden();
	await expect(page.getByTestId('interview-ended')).toHaveCount(0);
	await end.click();
	await page.getByTestId('confirm-end').click();
	await expect(page.getByTestId('interview-ended')).toBeVisible();
	// The button that had focus is gone: focus lands on what says the interview ended.
	await expect(page.getByTestId('replay-link')).toBeFocused();
});

test('below 900 px the room stacks into one column and nothing runs off the side', async ({
	interviewer,
	newContext
}) => {
	const run = nonce();
	const { candidateLink } = await createInterview(interviewer.page, `Narrow ${run}`);
	const { page } = await joinAsCandidate(newContext, candidateLink, `Tablet ${run}`, {
		viewport: { width: 800, height: 1100 }
	});
	await waitForPeers(page, 1);
	const code = (await page.getByTestId('editor').boundingBox())!;
	const chat = (await page.getByRole('textbox', { name: 'Chat message' }).boundingBox())!;
	// One column: the chat sits below the code, not beside it.
	expect(chat.y).toBeGreaterThan(code.y + code.height);
	expect(code.width).toBeGreaterThan(700);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
	await page.getByRole('textbox', { name: 'Chat message' }).scrollIntoViewIfNeeded();
	await expect(page.getByRole('textbox', { name: 'Chat message' })).toBeInViewport();

	// The interviewer's wider page keeps its columns side by side.
	const wide = (await interviewer.page.getByTestId('editor').boundingBox())!;
	const wideChat = (await interviewer.page
		.getByRole('textbox', { name: 'Chat message' })
		.boundingBox())!;
	expect(wideChat.x).toBeGreaterThan(wide.x + wide.width);
});

test('the page says it is joining, tells a lost coordinator from an empty room, and names each peer’s link', async ({
	interviewer,
	newContext
}) => {
	const run = nonce();
	const { id, candidateLink } = await createInterview(interviewer.page, `States ${run}`);

	// The interviewer opens the room again with nothing remembered: the join waits on the
	// coordinator, and meanwhile the page says so instead of staying blank.
	const second = await interviewer.context.newPage();
	await second.goto('/');
	await second.evaluate(() => localStorage.clear());
	let releaseJoin!: () => void;
	const joinHeld = new Promise<void>((resolve) => (releaseJoin = resolve));
	await second.route('**/trpc/rooms.join**', async (route) => {
		await joinHeld;
		await route.continue();
	});
	await second.goto(`/interview/${id}`);
	await expect(second.getByTestId('joining')).toHaveText(`Joining States ${run}…`);
	await expect(second.getByTestId('room')).toHaveCount(0);
	releaseJoin();
	await expect(second.getByTestId('room')).toBeVisible();
	await expect(second.getByTestId('joining')).toHaveCount(0);
	await second.close();

	// The candidate's signaling socket goes through here, so the test can take the coordinator away.
	const context = await newContext();
	let coordinatorDown = false;
	const sockets: { close(): Promise<void> }[] = [];
	await context.routeWebSocket(/\/signal/, (socket) => {
		if (coordinatorDown) return void socket.close();
		socket.connectToServer();
		sockets.push(socket);
	});
	const { page } = await joinInContext(context, candidateLink, `Patient ${run}`);
	await waitForPeers(page, 1);
	const status = page.getByTestId('connection-status');
	await expect(status).toHaveText('Connected to 1 peer');

	// Each peer's link is named: on loopback, straight between the browsers.
	const participants = await openMenu(interviewer.page, 'participants-menu');
	await expect(participants.getByTestId('peer-link')).toHaveAttribute('data-link', 'direct');

	// The coordinator goes away: the peers still sync directly, and the page says both.
	coordinatorDown = true;
	await Promise.all(sockets.map((socket) => socket.close()));
	await expect(status).toHaveAttribute('data-coordinator', 'unreachable');
	await expect(status).toHaveText('Coordinator unreachable — still connected to 1 peer');
	coordinatorDown = false;
	await expect(status).toHaveAttribute('data-coordinator', 'reachable', { timeout: 30_000 });
	await expect(status).toHaveText('Connected to 1 peer');
});

test('a failed copy and failing uploads are shown on the page', async ({
	interviewer,
	newContext
}) => {
	const run = nonce();
	const { candidateLink } = await createInterview(interviewer.page, `Failures ${run}`);
	// A browser that refuses the clipboard: the link is shown for copying by hand.
	const context = await newContext({ permissions: [] });
	await context.addInitScript(() => {
		navigator.clipboard.writeText = () =>
			Promise.reject(new DOMException('denied', 'NotAllowedError'));
	});
	const { page } = await joinInContext(context, candidateLink, `Uploader ${run}`);
	await page.route('**/trpc/recording.upload**', (route) => route.abort('connectionrefused'));
	await page.getByTestId('editor').click();
	await page.keyboard.type('print(1)');
	await expect(page.getByTestId('upload-failing')).toBeVisible({ timeout: 20_000 });
	await page.unroute('**/trpc/recording.upload**');
	await expect(page.getByTestId('upload-failing')).toHaveCount(0, { timeout: 20_000 });

	const share = await openMenu(interviewer.page, 'share-menu');
	await interviewer.page.evaluate(() => {
		navigator.clipboard.writeText = () =>
			Promise.reject(new DOMException('denied', 'NotAllowedError'));
	});
	await share.getByTestId('copy-link').click();
	const failure = share.getByTestId('copy-link-failure');
	await expect(failure).toBeVisible();
	await expect(failure.getByRole('textbox', { name: 'The link' })).toHaveValue(
		new RegExp(`${candidateLink.replace(/[?]/g, '\\?')}$`)
	);
});
