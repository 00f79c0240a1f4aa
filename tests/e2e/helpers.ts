import {
	expect,
	type BrowserContext,
	type BrowserContextOptions,
	type Page
} from '@playwright/test';
import { starterCode, type Language } from '../../src/lib/protocol/languages';

/** A value no other run has used, so runs against a shared database never collide. */
export const nonce = () => Math.random().toString(36).slice(2, 10);

/** Opens a browser context: the `newContext` fixture's (fixtures.ts), which closes it after the test. */
export type NewContext = (options?: BrowserContextOptions) => Promise<BrowserContext>;

export interface Interviewer {
	context: BrowserContext;
	page: Page;
	email: string;
	password: string;
	name: string;
}

/** A new browser context with an interviewer who signed up through the UI. */
export async function signUpInterviewer(
	newContext: NewContext,
	contextOptions: BrowserContextOptions = {}
): Promise<Interviewer> {
	const context = await newContext(contextOptions);
	const page = await context.newPage();
	const id = nonce();
	const account = {
		email: `ada-${id}@example.com`,
		password: `pw-${id}-secret`,
		name: `Ada ${id}`
	};
	await page.goto('/');
	await expect(page).toHaveURL(/\/login/);
	await page.getByRole('button', { name: 'New here? Create an account' }).click();
	await page.locator('input[name="name"]').fill(account.name);
	await page.locator('input[name="email"]').fill(account.email);
	await page.locator('input[name="password"]').fill(account.password);
	await page.getByRole('button', { name: 'Sign up' }).click();
	await expect(page.getByTestId('signed-in-as')).toHaveText(account.name);
	return { context, page, ...account };
}

/** The link the interviewer copied last, as a path on the app's origin. */
export async function copiedPath(page: Page): Promise<string> {
	const url = new URL(await page.evaluate(() => navigator.clipboard.readText()));
	return url.pathname + url.search;
}

/** One of the room bar's menus (`share-menu`, `room-controls`, `participants-menu`), opened. */
export async function openMenu(page: Page, testid: string) {
	const menu = page.getByTestId(testid);
	if (!(await menu.evaluate((details) => (details as HTMLDetailsElement).open))) {
		await menu.locator('summary').click();
	}
	return menu;
}

/** The room bar's Share menu, opened. */
export const openShareMenu = (page: Page) => openMenu(page, 'share-menu');

/** Flips one of the interviewer's switches in the room bar's Controls menu. */
export async function toggleRoomControl(page: Page, testid: 'lock-editor' | 'observer-chat') {
	await (await openMenu(page, 'room-controls')).getByTestId(testid).click();
}

/** Closes the Share menu as a person would, with Escape. */
export async function closeShareMenu(page: Page) {
	await page.keyboard.press('Escape');
	await expect(page.getByTestId('share-menu')).not.toHaveAttribute('open');
}

/** Copies the candidate link or a new observer link from the Share menu; returns its path. */
export async function copyShareLink(page: Page, testid: 'copy-link' | 'copy-observer-link') {
	const button = (await openShareMenu(page)).getByTestId(testid);
	await button.click();
	await expect(button).toHaveText('Copied!');
	const path = await copiedPath(page);
	await closeShareMenu(page);
	return path;
}

/**
 * Creates an interview (to start now) from the dashboard; the page ends in the room. Returns
 * its id and the candidate's invite link, copied from the room bar. The room starts with its
 * language's starter; unless `keepStarter`, the interviewer empties the buffer before anyone
 * else comes, so that tests see only what they type.
 */
export async function createInterview(
	page: Page,
	title: string,
	language: Language = 'python',
	{ keepStarter = false }: { keepStarter?: boolean } = {}
): Promise<{ id: string; candidateLink: string }> {
	await page.goto('/');
	await page.locator('input[name="title"]').fill(title);
	await page.locator('select[name="language"]').selectOption(language);
	await page.getByRole('button', { name: 'Create interview' }).click();
	await page.waitForURL(/\/interview\/[0-9a-f-]{36}$/);
	const id = page.url().split('/').pop()!;
	await expect.poll(() => editorCode(page)).toBe(starterCode[language]);
	// Once the record has the starter (and its removal), whoever comes next starts from it
	// instead of seeding a starter of their own.
	const uploaded = page.waitForResponse((response) =>
		new URL(response.url()).pathname.includes('recording.upload')
	);
	if (!keepStarter) await clearEditor(page);
	await uploaded;
	return { id, candidateLink: await copyShareLink(page, 'copy-link') };
}

/** Selects everything in the editor and deletes it, as a person would. */
export async function clearEditor(page: Page) {
	await editor(page).click();
	await page.keyboard.press('ControlOrMeta+A');
	await page.keyboard.press('Backspace');
	await expect.poll(() => editorCode(page)).toBe('');
}

/** A new browser context whose candidate joined by `candidateLink` under `name`. */
export async function joinAsCandidate(
	newContext: NewContext,
	candidateLink: string,
	name: string,
	contextOptions: BrowserContextOptions = {}
) {
	return joinInContext(await newContext(contextOptions), candidateLink, name);
}

/** A candidate who joined by `candidateLink` under `name` in a new page of `context`. */
export async function joinInContext(context: BrowserContext, candidateLink: string, name: string) {
	const page = await context.newPage();
	await page.goto(candidateLink);
	await page.locator('input[name="display-name"]').fill(name);
	await page.getByRole('button', { name: 'Join interview' }).click();
	await expect(editor(page)).toBeVisible();
	return { context, page };
}

export const editor = (page: Page) => page.locator('[data-testid="editor"] .cm-content');

export async function waitForPeers(page: Page, count: number) {
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-peers', String(count));
}

/** Types at the end of the document, as a person would, `delayMs` between keys. */
export async function typeAtEnd(page: Page, text: string, delayMs = 0) {
	await editor(page).click();
	await page.keyboard.press('ControlOrMeta+End');
	for (const [index, line] of text.split('\n').entries()) {
		if (index > 0) {
			// A completion still offered at the end of the line would take the Enter (it once
			// turned `import time` into `import TimeoutError`): dismiss it, as a typist would.
			await page.keyboard.press('Escape');
			await page.keyboard.press('Enter', { delay: delayMs });
		}
		await page.keyboard.type(line, { delay: delayMs });
	}
}

export async function sendChat(page: Page, text: string) {
	await page.getByRole('textbox', { name: 'Chat message' }).fill(text);
	await page.getByRole('button', { name: 'Send' }).click();
}

/** The editor's text without the remote cursors' name labels. */
export function editorCode(page: Page): Promise<string> {
	return editor(page).evaluate((content) => {
		const copy = content.cloneNode(true) as HTMLElement;
		copy.querySelectorAll('.cm-ySelectionCaret, .cm-widgetBuffer').forEach((node) => node.remove());
		return [...copy.querySelectorAll('.cm-line')].map((line) => line.textContent).join('\n');
	});
}

/** Calls a coordinator mutation with `page`'s cookies, as a hand-made request would. */
export async function trpcMutation(page: Page, path: string, input: object) {
	const response = await page.request.post(`/trpc/${path}`, { data: input });
	return { status: response.status(), body: await response.json() };
}

/** The session log the coordinator recorded for an interview, as its interviewer reads it. */
export async function recordedSessionLog(interviewerPage: Page, id: string) {
	const input = encodeURIComponent(JSON.stringify({ id }));
	const response = await interviewerPage.request.get(`/trpc/recording.session?input=${input}`);
	return (await response.json()).result.data.log as {
		finalCode: string;
		chat: { author: string; text: string }[];
		participants: { name: string; joined: string[]; left: string[] }[];
	} | null;
}

/**
 * Entries the page recorded and the coordinator has not acknowledged: in its journal and its
 * IndexedDB upload queue (which the page has opened by now).
 */
export function unsentEntries(page: Page, roomId: string): Promise<number> {
	return page.evaluate(async (roomId) => {
		const request = <T>(made: IDBRequest<T>) =>
			new Promise<T>((resolve, reject) => {
				made.onsuccess = () => resolve(made.result);
				made.onerror = () => reject(made.error);
			});
		const journaled = Object.keys(localStorage).filter((key) =>
			key.startsWith('pairdesk-journal:recording:')
		).length;
		const db = await request(indexedDB.open(`pairdesk-recording:${roomId}`));
		try {
			return journaled + (await request(db.transaction('entries').objectStore('entries').count()));
		} finally {
			db.close();
		}
	}, roomId);
}

/** The page uploads what it and the pages before it left, without anyone typing. */
export async function expectAllUploaded(page: Page, roomId: string) {
	await expect.poll(() => unsentEntries(page, roomId), { timeout: 15_000 }).toBe(0);
}
