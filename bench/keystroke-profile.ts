// `npx tsx bench/keystroke-profile.ts`: where a keystroke's time goes in the typing page of
// the app, with a CPU profile of Chromium (CDP) while typing, and the data channel sends and
// localStorage writes of each keystroke timed in the page. Not part of `npm run bench`: it
// explains the edit-latency entry's numbers, it does not compare setups.
import { chromium, type Page } from '@playwright/test';
import { startAppServer } from '../scripts/app-server';
import { openStagedRoom } from '../scripts/staged-room';
import { chromiumLaunchOptions } from '../tests/e2e/settings';
import { summarize } from './stats';

const keystrokes = 300;
const warmup = 30;

/** Times, per keydown, the first data channel send, the localStorage writes and the task. */
function instrumentKeystrokes() {
	// No named helpers in here: tsx would wrap them in a `__name` call the page lacks.
	const log: { keydown: number; send?: number; end?: number; storage: number[] }[] = [];
	const channel = new MessageChannel();
	channel.port1.onmessage = () => {
		const last = log.at(-1);
		if (last && last.end === undefined) last.end = performance.now();
	};
	addEventListener(
		'keydown',
		() => {
			log.push({ keydown: performance.now(), storage: [] });
			// The task's end: the next task, after microtasks (and before any paint).
			channel.port2.postMessage(null);
		},
		{ capture: true }
	);
	const send = RTCDataChannel.prototype.send;
	RTCDataChannel.prototype.send = function (this: RTCDataChannel, data: any) {
		const last = log.at(-1);
		if (last && last.send === undefined && last.end === undefined) last.send = performance.now();
		return send.call(this, data);
	};
	const setItem = Storage.prototype.setItem;
	Storage.prototype.setItem = function (this: Storage, key: string, value: string) {
		const startedAt = performance.now();
		setItem.call(this, key, value);
		const last = log.at(-1);
		if (last && last.end === undefined) {
			last.storage.push(startedAt, performance.now(), last.send === undefined ? 0 : 1);
		}
	};
	(window as any).keystrokeLog = log;
}

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string };
	children?: number[];
}

/** Inclusive sampled ms per function name, of the names asked for (innermost call counted once). */
function inclusiveMs(
	profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] },
	names: string[]
) {
	const parent = new Map<number, number>();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parent.set(child, node.id);
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const totals = Object.fromEntries(names.map((name) => [name, 0])) as Record<string, number>;
	let all = 0;
	profile.samples.forEach((sample, index) => {
		const ms = (profile.timeDeltas[index + 1] ?? 0) / 1000;
		const seen = new Set<string>();
		let id: number | undefined = sample;
		let idle = false;
		while (id !== undefined) {
			const name = byId.get(id)!.callFrame.functionName;
			if (name === '(idle)' || name === '(program)') idle = true;
			if (name in totals && !seen.has(name)) {
				seen.add(name);
				totals[name]! += ms;
			}
			id = parent.get(id);
		}
		if (!idle) all += ms;
	});
	return { busyMs: all, totals };
}

async function typeAndProfile(page: Page) {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Profiler.enable');
	await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
	await page.locator('[data-testid="editor"] .cm-content').click();
	for (let i = 0; i < warmup; i++) await page.keyboard.press('x');
	await cdp.send('Profiler.start');
	for (let i = 0; i < keystrokes; i++) {
		await page.keyboard.press('x');
		await page.waitForTimeout(5 + Math.random() * 10);
	}
	const { profile } = await cdp.send('Profiler.stop');
	return profile as unknown as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
}

async function main() {
	const app = await startAppServer();
	const browser = await chromium.launch(chromiumLaunchOptions);
	try {
		const [a, b] = await Promise.all([browser.newContext(), browser.newContext()]);
		await a.addInitScript(instrumentKeystrokes);
		const { interviewer } = await openStagedRoom({
			appUrl: app.url,
			interviewerContext: a,
			candidateContext: b,
			interviewerName: 'Profile Interviewer',
			candidateName: 'Profile Candidate',
			title: 'profile'
		});
		const profile = await typeAndProfile(interviewer);
		const names = [
			'dispatch',
			'update',
			'transact',
			'emit',
			'_docUpdateHandler',
			'_awarenessUpdateHandler',
			'#onUpdate',
			'onUpdate',
			'append',
			'setItem',
			'toBase64',
			'setLocalStateField',
			'changed'
		];
		const { busyMs, totals } = inclusiveMs(profile, names);
		console.log(`CPU busy while typing ${keystrokes} keystrokes: ${busyMs.toFixed(1)} ms`);
		console.log('inclusive sampled ms per keystroke, by function name:');
		for (const name of names) {
			console.log(`  ${name.padEnd(26)} ${((totals[name] ?? 0) / keystrokes).toFixed(3)}`);
		}
		const log = await interviewer.evaluate(() => (window as any).keystrokeLog as any[]);
		const measured = log.slice(warmup).filter((entry) => entry.send !== undefined && entry.end);
		const storageBefore: number[] = [];
		const storageAfter: number[] = [];
		for (const entry of measured) {
			let before = 0;
			let after = 0;
			for (let i = 0; i < entry.storage.length; i += 3) {
				const ms = entry.storage[i + 1] - entry.storage[i];
				if (entry.storage[i + 2]) after += ms;
				else before += ms;
			}
			storageBefore.push(before);
			storageAfter.push(after);
		}
		const line = (label: string, values: number[]) => {
			const s = summarize(values);
			console.log(`  ${label.padEnd(44)} p50 ${s.p50.toFixed(3)}  p99 ${s.p99.toFixed(3)} ms`);
		};
		console.log(`per keystroke in the typing page (${measured.length} keystrokes):`);
		line(
			'keydown → the update sent on the data channel',
			measured.map((e) => e.send - e.keydown)
		);
		line('localStorage writes before that send', storageBefore);
		line('localStorage writes after it (same task)', storageAfter);
		line(
			'the send → the end of the task',
			measured.map((e) => e.end - e.send)
		);
	} finally {
		await browser.close();
		await app.stop();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
