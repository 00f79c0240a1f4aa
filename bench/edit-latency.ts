import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import { startAppServer } from '../scripts/app-server';
import { chromiumLaunchOptions } from '../tests/e2e/settings';
import { appSetup, barePeerSetup, type KeystrokeStages, type LatencySetup } from './latency-setups';
import { startSignalingRelay } from './signaling-relay';
import { serveDirectory } from './static-server';
import { summarize, type LatencySummary } from './stats';
import { startWebsocketRelay } from './websocket-relay';

const warmupSamples = 20;
const rounds = 3;
const samplesPerRound = 100;
const minGapMs = 5;
const maxGapMs = 15;

export interface EditLatencyResult {
	/** From the keydown event in the typing page. */
	app: LatencySummary;
	/** From beforeinput: the same edits without Chromium's keyboard pipeline in front. */
	appFromBeforeinput: LatencySummary;
	/** CodeMirror + y-codemirror.next over raw y-webrtc, no app: the editor's own share. */
	editorWebrtc: LatencySummary;
	/** The same editor over the y-websocket relay: the like-for-like relay comparison. */
	editorRelay: LatencySummary;
	rawWebrtc: LatencySummary;
	relay: LatencySummary;
	/** The bare editor setups split at their Yjs updates: which part the editor costs. */
	stages: { editorWebrtc: StageSummaries; editorRelay: StageSummaries };
	ratios: {
		appToRawP50: number;
		appToRawP99: number;
		appToRelayP50: number;
		appToRelayP99: number;
		appFromBeforeinputToRawP99: number;
		appFromBeforeinputToRelayP99: number;
		appToEditorWebrtcP99: number;
		appToEditorRelayP99: number;
	};
	goals: { appP99AtMost1_5xRaw: boolean; appP99AtMost0_8xRelay: boolean };
}

export type StageSummaries = Record<keyof KeystrokeStages, LatencySummary>;

function summarizeStages(stages: KeystrokeStages): StageSummaries {
	const measured = (values: number[]) => summarize(values.slice(warmupSamples));
	return {
		typist: measured(stages.typist),
		transfer: measured(stages.transfer),
		watcher: measured(stages.watcher)
	};
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function buildPeerPage(): Promise<string> {
	const outDir = mkdtempSync(join(tmpdir(), 'pairdesk-bench-page-'));
	await build({
		configFile: false,
		root: 'bench/pages',
		logLevel: 'warn',
		build: { outDir, emptyOutDir: true }
	});
	return outDir;
}

/**
 * Keystroke → applied in the other peer, for the app, raw y-webrtc and a y-websocket relay.
 * The setups take turns in rounds so that machine noise falls on all three alike.
 */
export async function run(): Promise<EditLatencyResult> {
	const cleanups: (() => Promise<unknown> | void)[] = [];
	try {
		const pageDir = await buildPeerPage();
		cleanups.push(() => rmSync(pageDir, { recursive: true, force: true }));
		const pages = await serveDirectory(pageDir);
		cleanups.push(pages.close);
		const signaling = await startSignalingRelay();
		cleanups.push(signaling.close);
		const relay = await startWebsocketRelay();
		cleanups.push(relay.close);
		const app = await startAppServer();
		cleanups.push(app.stop);
		const browser = await chromium.launch(chromiumLaunchOptions);
		cleanups.push(() => browser.close());

		const appEditor = await appSetup(browser, app.url);
		const setups: LatencySetup[] = [
			appEditor,
			await barePeerSetup(browser, 'editor + y-webrtc', pages.url, {
				transport: 'webrtc',
				signaling: signaling.url,
				room: `bench-editor-${Date.now()}`,
				editor: '1'
			}),
			await barePeerSetup(browser, 'editor + relay', pages.url, {
				transport: 'relay',
				server: relay.url,
				room: `bench-editor-${Date.now()}`,
				editor: '1'
			}),
			await barePeerSetup(browser, 'raw y-webrtc', pages.url, {
				transport: 'webrtc',
				signaling: signaling.url,
				room: `bench-${Date.now()}`
			}),
			await barePeerSetup(browser, 'y-websocket relay', pages.url, {
				transport: 'relay',
				server: relay.url,
				room: `bench-${Date.now()}`
			})
		];
		for (const setup of setups) cleanups.push(setup.close);

		const samples = new Map<LatencySetup, number[]>(setups.map((setup) => [setup, []]));
		const sent = new Map<LatencySetup, number>(setups.map((setup) => [setup, 0]));
		const take = async (setup: LatencySetup) => {
			const index = sent.get(setup)!;
			sent.set(setup, index + 1);
			const latency = await setup.sample(index).catch((error: Error) => {
				throw new Error(`${setup.name}, sample ${index}: ${error.message}`, { cause: error });
			});
			await pause(minGapMs + Math.random() * (maxGapMs - minGapMs));
			return latency;
		};
		for (const setup of setups) for (let i = 0; i < warmupSamples; i++) await take(setup);
		for (let round = 0; round < rounds; round++) {
			for (const setup of setups) {
				for (let i = 0; i < samplesPerRound; i++) samples.get(setup)!.push(await take(setup));
			}
		}

		const [, editorSetup, editorRelaySetup] = setups;
		const [app_, editor, editorRelay, raw, relay_] = setups.map((setup) =>
			summarize(samples.get(setup)!)
		);
		const appFromBeforeinput = summarize(appEditor.fromBeforeinput!.slice(warmupSamples));
		return {
			app: app_!,
			appFromBeforeinput,
			editorWebrtc: editor!,
			editorRelay: editorRelay!,
			rawWebrtc: raw!,
			relay: relay_!,
			stages: {
				editorWebrtc: summarizeStages(editorSetup!.stages!),
				editorRelay: summarizeStages(editorRelaySetup!.stages!)
			},
			ratios: {
				appToRawP50: app_!.p50 / raw!.p50,
				appToRawP99: app_!.p99 / raw!.p99,
				appToRelayP50: app_!.p50 / relay_!.p50,
				appToRelayP99: app_!.p99 / relay_!.p99,
				appFromBeforeinputToRawP99: appFromBeforeinput.p99 / raw!.p99,
				appFromBeforeinputToRelayP99: appFromBeforeinput.p99 / relay_!.p99,
				appToEditorWebrtcP99: app_!.p99 / editor!.p99,
				appToEditorRelayP99: app_!.p99 / editorRelay!.p99
			},
			goals: {
				appP99AtMost1_5xRaw: app_!.p99 <= 1.5 * raw!.p99,
				appP99AtMost0_8xRelay: app_!.p99 <= 0.8 * relay_!.p99
			}
		};
	} finally {
		for (const cleanup of cleanups.reverse()) {
			await Promise.resolve()
				.then(cleanup)
				.catch((error) => console.error('bench cleanup failed:', error));
		}
	}
}
