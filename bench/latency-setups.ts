import type { Browser, Page } from '@playwright/test';
import { openStagedRoom } from '../scripts/staged-room';

const connectTimeoutMs = 30_000;
const sampleTimeoutMs = 5_000;

/** One way of getting an edit from peer A to peer B, measured one edit at a time. */
export interface LatencySetup {
	name: string;
	/** Makes one edit in A and returns how long, in ms, B took to apply it. */
	sample(index: number): Promise<number>;
	/** For keystroke setups: each sample again, timed from beforeinput instead of keydown. */
	fromBeforeinput?: number[];
	/** For the bare editor pages: each sample split at the Yjs update in A and in B. */
	stages?: KeystrokeStages;
	close(): Promise<void>;
}

/** Where a keystroke's time goes, in ms per sample. */
export interface KeystrokeStages {
	/** keydown in A → A's editor has put the edit into its Yjs document. */
	typist: number[];
	/** A's Yjs update → B's Yjs document has applied it: the transport's share. */
	transfer: number[];
	/** B's Yjs document → the character is in B's editor DOM. */
	watcher: number[];
}

async function twoContexts(browser: Browser) {
	// Separate contexts: pages of one context would sync through BroadcastChannel instead.
	const [a, b] = await Promise.all([browser.newContext(), browser.newContext()]);
	return { a, b, close: () => Promise.all([a.close(), b.close()]).then(() => {}) };
}

async function twoPages(browser: Browser) {
	const contexts = await twoContexts(browser);
	const [a, b] = await Promise.all([contexts.a.newPage(), contexts.b.newPage()]);
	return { a, b, close: contexts.close };
}

async function arrivalAt(b: Page, index: number): Promise<number> {
	await b.waitForFunction(
		(n) => (window as unknown as { benchArrivals: number[] }).benchArrivals.length > n,
		index,
		{ timeout: sampleTimeoutMs }
	);
	return b.evaluate(
		(n) => (window as unknown as { benchArrivals: number[] }).benchArrivals[n]!,
		index
	);
}

/**
 * The bare Yjs peer page (bench/pages/peer.ts) in two contexts: `ytext.insert` in A to
 * `ytext.observe` in B, over raw y-webrtc or a y-websocket relay, per `query`.
 */
export async function barePeerSetup(
	browser: Browser,
	name: string,
	pageUrl: string,
	query: Record<string, string>
): Promise<LatencySetup> {
	const pages = await twoPages(browser);
	const url = `${pageUrl}/?${new URLSearchParams(query)}`;
	await Promise.all([pages.a.goto(url), pages.b.goto(url)]);
	for (const page of [pages.a, pages.b]) {
		await page.waitForFunction(() => (window as any).benchPeer?.connected(), null, {
			timeout: connectTimeoutMs
		});
		await page.evaluate(() => ((window as any).benchArrivals = (window as any).benchPeer.arrivals));
	}
	if (query.editor) {
		const stages: KeystrokeStages = { typist: [], transfer: [], watcher: [] };
		return {
			name,
			close: pages.close,
			stages,
			...(await keystrokeSampler(pages.a, pages.b, stages))
		};
	}
	return {
		name,
		async sample(index) {
			const sentAt = await pages.a.evaluate(() => (window as any).benchPeer.insert('x') as number);
			return (await arrivalAt(pages.b, index)) - sentAt;
		},
		close: pages.close
	};
}

/**
 * Records the shared-clock time of every keydown, and of every beforeinput: the moment the
 * browser hands the typed text to the editor, after its own keyboard pipeline.
 */
function recordKeystrokes() {
	const times = { keydown: [] as number[], beforeinput: [] as number[] };
	for (const type of ['keydown', 'beforeinput'] as const) {
		addEventListener(type, () => times[type].push(performance.timeOrigin + performance.now()), {
			capture: true
		});
	}
	(window as unknown as { benchKeystrokes: typeof times }).benchKeystrokes = times;
}

/** Records when each new `x` appears in the editor's DOM (names in cursor labels have none). */
function recordEditorArrivals() {
	// No named helpers in here: tsx would wrap them in a `__name` call the page lacks.
	const arrivals: number[] = [];
	const content = document.querySelector('.cm-content')!;
	let seen = (content.textContent ?? '').split('x').length - 1;
	new MutationObserver(() => {
		const now = performance.timeOrigin + performance.now();
		const total = (content.textContent ?? '').split('x').length - 1;
		for (; seen < total; seen++) arrivals.push(now);
	}).observe(content, { subtree: true, childList: true, characterData: true });
	(window as unknown as { benchArrivals: number[] }).benchArrivals = arrivals;
}

/**
 * Keystrokes typed into A's editor (`[data-testid="editor"] .cm-content`), each timed from
 * its keydown (and beforeinput) in A until the character is in B's editor DOM. With
 * `stages`, the pages are bare peers whose Yjs event times split each sample further.
 */
async function keystrokeSampler(typist: Page, watcher: Page, stages?: KeystrokeStages) {
	await typist.evaluate(recordKeystrokes);
	await watcher.evaluate(recordEditorArrivals);
	await typist.locator('[data-testid="editor"] .cm-content').click();
	const fromBeforeinput: number[] = [];
	return {
		fromBeforeinput,
		async sample(index: number) {
			await typist.keyboard.press('x');
			const arrivedAt = await arrivalAt(watcher, index);
			const sent = await typist.evaluate((n) => {
				const { keydown, beforeinput } = (window as any).benchKeystrokes;
				return { keydown: keydown[n] as number, beforeinput: beforeinput[n] as number };
			}, index);
			fromBeforeinput.push(arrivedAt - sent.beforeinput);
			if (stages) {
				const typistUpdate = await typist.evaluate(
					(n) => (window as any).benchPeer.localUpdates[n] as number,
					index
				);
				const watcherUpdate = await watcher.evaluate(
					(n) => (window as any).benchPeer.arrivals[n] as number,
					index
				);
				stages.typist.push(typistUpdate - sent.keydown);
				stages.transfer.push(watcherUpdate - typistUpdate);
				stages.watcher.push(arrivedAt - watcherUpdate);
			}
			return arrivedAt - sent.keydown;
		}
	};
}

/**
 * The real app: a keystroke in the interviewer's CodeMirror editor until the character is
 * in the candidate's editor DOM.
 */
export async function appSetup(browser: Browser, appUrl: string): Promise<LatencySetup> {
	const contexts = await twoContexts(browser);
	const { interviewer, candidate } = await openStagedRoom({
		appUrl,
		interviewerContext: contexts.a,
		candidateContext: contexts.b,
		interviewerName: 'Bench Interviewer',
		candidateName: 'Bench Candidate',
		title: 'bench'
	});
	return {
		name: 'app',
		close: contexts.close,
		...(await keystrokeSampler(interviewer, candidate))
	};
}
