// Refresh → the local copy visible: how long a refreshed room takes to show its document,
// restored from IndexedDB, against the raw IndexedDB read of that same copy.
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { startAppServer } from '../scripts/app-server';
import { chromiumLaunchOptions } from '../tests/e2e/settings';
import { summarize, type LatencySummary } from './stats';

const documentChars = 50_000;
const warmup = 3;
const samples = 24;
const settleMs = 400;
const waitTimeoutMs = 20_000;
export const refreshGoalP50Ms = 150;

/** Milliseconds from navigation start, per refresh: where a refresh's time went. */
export interface RefreshPhases {
	/** The HTML shell has arrived. */
	html: number;
	/** The page's own scripts have run (DOMContentLoaded ended). */
	scripts: number;
	/** The room's tRPC calls made before the document showed, answered (0: none). */
	networkBeforeVisible: number;
	/** The CodeMirror editor is in the page. */
	editor: number;
	/** The document's last line is in the editor's DOM. */
	visible: number;
}

export interface RefreshResult {
	documentChars: number;
	/** Navigation start → the last line of the restored document in the editor's DOM. */
	visible: LatencySummary;
	/** Opening the room's IndexedDB copy and reading every stored update, in a bare page. */
	rawRead: LatencySummary;
	/** p50 of each phase. */
	phasesP50: RefreshPhases;
	ratioP50: number;
	ratioP95: number;
	goals: { visibleP50AtMost150ms: boolean };
}

/** The document: long lines, so that its last line is on the first screen of the editor. */
function benchDocument(): { text: string; lastLine: string } {
	const lastLine = '# the last line of the bench document';
	const lines: string[] = [];
	const lineCount = 16;
	const body = documentChars - lastLine.length - lineCount;
	for (let i = 0; i < lineCount; i++) {
		const length = Math.floor(body / lineCount) + (i < body % lineCount ? 1 : 0);
		const prefix = `x${i} = "`;
		lines.push(`${prefix}${'abcdefghij'.repeat(length).slice(0, length - prefix.length - 1)}"`);
	}
	const text = `${lines.join('\n')}\n${lastLine}`;
	if (text.length !== documentChars) throw new Error(`bench document is ${text.length} chars`);
	return { text, lastLine };
}

/** Runs before the app's scripts on every navigation: notes when the last line shows. */
function watchForLastLine(lastLine: string) {
	// No named helpers in here: tsx would wrap them in a `__name` call the page lacks.
	const times: Record<string, number> = {};
	new MutationObserver((_records, observer) => {
		if (times.editor === undefined && document.querySelector('.cm-editor')) {
			times.editor = performance.now();
		}
		const lines = [...document.querySelectorAll('.cm-content .cm-line')];
		if (lines.some((line) => line.textContent === lastLine)) {
			times.visible = performance.now();
			observer.disconnect();
		}
	}).observe(document, { subtree: true, childList: true, characterData: true });
	(window as unknown as { benchRefresh: typeof times }).benchRefresh = times;
}

async function post(context: BrowserContext, url: string, data: object) {
	const response = await context.request.post(url, { data });
	if (!response.ok()) throw new Error(`POST ${url} failed: ${await response.text()}`);
	return (await response.json()).result.data;
}

/** Pastes `text` into the room's editor as a person would, in one go. */
async function paste(page: Page, text: string) {
	await page.locator('[data-testid="editor"] .cm-content').evaluate((content, text) => {
		const data = new DataTransfer();
		data.setData('text/plain', text);
		content.dispatchEvent(
			new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })
		);
	}, text);
}

async function waitSavedLocally(page: Page) {
	await page
		.locator('[data-testid="room"][data-saved-locally="true"]')
		.waitFor({ timeout: waitTimeoutMs });
}

async function refreshOnce(page: Page, url: string): Promise<RefreshPhases> {
	await page.goto(url, { waitUntil: 'commit' });
	await page.waitForFunction(() => (window as any).benchRefresh?.visible !== undefined, null, {
		timeout: waitTimeoutMs
	});
	const phases = await page.evaluate(() => {
		const times = (window as any).benchRefresh as { editor: number; visible: number };
		const [navigation] = performance.getEntriesByType(
			'navigation'
		) as PerformanceNavigationTiming[];
		const calls = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
			.filter((entry) => entry.name.includes('/trpc/') && entry.responseEnd <= times.visible)
			.map((entry) => entry.responseEnd);
		return {
			html: navigation!.responseEnd,
			scripts: navigation!.domContentLoadedEventEnd,
			networkBeforeVisible: Math.max(0, ...calls),
			editor: times.editor,
			visible: times.visible
		};
	});
	await waitSavedLocally(page);
	return phases;
}

/**
 * Opens the room's IndexedDB copy and reads every update, timed inside the page; resolves
 * with the time and the bytes read.
 */
function readLocalCopy(page: Page, dbName: string): Promise<{ ms: number; bytes: number }> {
	return page.evaluate(
		(name) =>
			new Promise<{ ms: number; bytes: number }>((resolve, reject) => {
				const startedAt = performance.now();
				const open = indexedDB.open(name);
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const read = db.transaction('updates').objectStore('updates').getAll();
					read.onerror = () => reject(read.error);
					read.onsuccess = () => {
						const ms = performance.now() - startedAt;
						db.close();
						resolve({ ms, bytes: read.result.reduce((sum, u: Uint8Array) => sum + u.length, 0) });
					};
				};
			}),
		dbName
	);
}

/** The raw read in a bare page of the same origin (the app's icon), freshly loaded. */
async function rawReadOnce(page: Page, appUrl: string, dbName: string): Promise<number> {
	await page.goto(`${appUrl}/favicon.svg`);
	const { ms, bytes } = await readLocalCopy(page, dbName);
	if (bytes < documentChars) throw new Error(`only ${bytes} bytes stored in ${dbName}`);
	return ms;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function run(): Promise<RefreshResult> {
	const app = await startAppServer();
	const browser = await chromium.launch(chromiumLaunchOptions);
	try {
		const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
		await post(context, `${app.url}/trpc/auth.signUp`, {
			email: `bench-refresh-${Date.now()}@example.com`,
			password: 'bench-refresh-password',
			name: 'Bench Interviewer'
		});
		const { id } = await post(context, `${app.url}/trpc/rooms.create`, {
			title: 'refresh bench',
			language: 'python'
		});
		const roomUrl = `${app.url}/interview/${id}`;
		const { text, lastLine } = benchDocument();
		await context.addInitScript(watchForLastLine, lastLine);
		const page = await context.newPage();
		await page.goto(roomUrl);
		await waitSavedLocally(page);
		await paste(page, text);
		const dbName = `pairdesk:${id}`;
		const deadline = Date.now() + waitTimeoutMs;
		while ((await readLocalCopy(page, dbName)).bytes < documentChars) {
			if (Date.now() > deadline) throw new Error('the pasted document never reached IndexedDB');
			await pause(100);
		}

		const visible: RefreshPhases[] = [];
		const rawRead: number[] = [];
		for (let i = 0; i < warmup + samples; i++) {
			// Taking turns, so that whatever else loads the machine falls on both alike.
			const phases = await refreshOnce(page, roomUrl);
			await pause(settleMs);
			const read = await rawReadOnce(page, app.url, dbName);
			await pause(settleMs);
			if (i < warmup) continue;
			visible.push(phases);
			rawRead.push(read);
		}
		const summaries = summarize(visible.map((phases) => phases.visible));
		const reads = summarize(rawRead);
		const p50 = (key: keyof RefreshPhases) => summarize(visible.map((phases) => phases[key])).p50;
		return {
			documentChars,
			visible: summaries,
			rawRead: reads,
			phasesP50: {
				html: p50('html'),
				scripts: p50('scripts'),
				networkBeforeVisible: p50('networkBeforeVisible'),
				editor: p50('editor'),
				visible: p50('visible')
			},
			ratioP50: summaries.p50 / reads.p50,
			ratioP95: summaries.p95 / reads.p95,
			goals: { visibleP50AtMost150ms: summaries.p50 <= refreshGoalP50Ms }
		};
	} finally {
		await browser.close();
		await app.stop();
	}
}
