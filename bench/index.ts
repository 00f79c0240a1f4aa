// `npm run bench`: every benchmark entry in order, printed as a table and saved as JSON
// under bench/results/. Each entry measures its baselines in the same run.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { chromiumLaunchOptions } from '../tests/e2e/settings';
import { languageIds, languageLabels } from '../src/lib/protocol/languages';
import { run as runDurability, type DurabilityResult } from './durability';
import { run as runEditLatency, type EditLatencyResult } from './edit-latency';
import { run as runPeerGate, type PeerGateResult } from './peer-gate';
import { run as runRecording, type RecordingResult } from './recording';
import { run as runRefresh, type RefreshResult } from './refresh';
import { BenchSkipped } from './skip';
import { run as runRunLatency, type RunLatencyResult } from './run-latency';

const resultsDir = 'bench/results';
const benchTimeoutMs = 10 * 60_000;

const ms = (value: number) => value.toFixed(2).padStart(8);
const ratio = (value: number) => `${value.toFixed(2)}×`;

function printEditLatency(result: EditLatencyResult) {
	console.log('\nEdit → remote peer applied (ms, keystroke-to-editor for the app)');
	console.log(
		`${'setup'.padEnd(22)} ${'n'.padStart(5)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)}`
	);
	const rows: [string, EditLatencyResult['app']][] = [
		['app, from keydown', result.app],
		['app, from beforeinput', result.appFromBeforeinput],
		['editor + y-webrtc', result.editorWebrtc],
		['editor + relay', result.editorRelay],
		['raw y-webrtc', result.rawWebrtc],
		['y-websocket relay', result.relay]
	];
	for (const [name, s] of rows) {
		console.log(
			`${name.padEnd(22)} ${String(s.samples).padStart(5)} ${ms(s.p50)} ${ms(s.p95)} ${ms(s.p99)}`
		);
	}
	const { ratios, goals } = result;
	console.log(
		`app / raw y-webrtc:  p50 ${ratio(ratios.appToRawP50)}  p99 ${ratio(ratios.appToRawP99)}  (goal p99 ≤ 1.5×: ${goals.appP99AtMost1_5xRaw ? 'met' : 'NOT met'})`
	);
	console.log(
		`app / relay:         p50 ${ratio(ratios.appToRelayP50)}  p99 ${ratio(ratios.appToRelayP99)}  (goal p99 ≤ 0.8×: ${goals.appP99AtMost0_8xRelay ? 'met' : 'NOT met'})`
	);
	console.log(
		`from beforeinput:    p99 ${ratio(ratios.appFromBeforeinputToRawP99)} of raw, ${ratio(ratios.appFromBeforeinputToRelayP99)} of relay`
	);
	console.log(
		`app / same editor without the app: p99 ${ratio(ratios.appToEditorWebrtcP99)} over y-webrtc, ${ratio(ratios.appToEditorRelayP99)} of the editor over the relay`
	);
	console.log('\nWhere a keystroke goes in the bare editor setups (ms, p50 / p99)');
	const stageNames = [
		['typist', 'keydown → Yjs update in A'],
		['transfer', 'Yjs update A → applied in B'],
		['watcher', 'applied in B → editor DOM']
	] as const;
	for (const [key, label] of stageNames) {
		const { editorWebrtc, editorRelay } = result.stages;
		console.log(
			`${label.padEnd(30)} y-webrtc ${ms(editorWebrtc[key].p50)} / ${ms(editorWebrtc[key].p99)}   relay ${ms(editorRelay[key].p50)} / ${ms(editorRelay[key].p99)}`
		);
	}
}

function printRunLatency(result: RunLatencyResult) {
	console.log('\nRun request → first output byte / → completion, hello world (ms, p50)');
	console.log(
		`${'language'.padEnd(12)} ${'pairdesk (warm pool)'.padStart(22)} ${'docker run'.padStart(20)} ${'bare process'.padStart(20)}   pairdesk / bare`
	);
	const pair = (s?: { firstByte: { p50: number }; completion: { p50: number } }) =>
		s ? `${ms(s.firstByte.p50)} /${ms(s.completion.p50)}` : `${'n/a'.padStart(18)}`;
	for (const language of languageIds) {
		const entry = result.languages[language];
		if (!entry) continue;
		const ratios = entry.bare
			? `${ratio(entry.app.firstByte.p50 / entry.bare.firstByte.p50)} / ${ratio(entry.app.completion.p50 / entry.bare.completion.p50)}`
			: 'n/a';
		console.log(
			`${languageLabels[language].padEnd(12)} ${pair(entry.app).padStart(22)} ${pair(entry.dockerRun).padStart(20)} ${pair(entry.bare).padStart(20)}   ${ratios}`
		);
	}
	const { goalMs, met } = result.python;
	console.log(
		`Python goal, p50 ≤ 1.3× bare + 60 ms: first byte ≤ ${goalMs.firstByte.toFixed(1)} ms ${met.firstByte ? 'met' : 'NOT met'}, completion ≤ ${goalMs.completion.toFixed(1)} ms ${met.completion ? 'met' : 'NOT met'}`
	);
}

function printRecording(result: RecordingResult) {
	const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
	const { trace, stored, seek, goals } = result;
	console.log(`\nRecording an hour of typing (${trace.keystrokes} keystrokes, simulated)`);
	console.log(
		`raw update log ${kb(trace.rawBytes)}, gzip ${kb(trace.gzipBytes)} (with 8-byte times: ${kb(trace.gzipWithTimesBytes)})`
	);
	console.log(
		`stored ${kb(stored.payloadBytes)} = segments ${kb(stored.segmentBytes)} + ${stored.keyframes} keyframes ${kb(stored.keyframeBytes)}`
	);
	console.log(
		`stored / gzip of the raw log: ${ratio(stored.payloadBytes / trace.gzipBytes)} (goal ≤ 1.1×: ${goals.storedAtMost1_1xGzip ? 'met' : 'NOT met'})`
	);
	console.log(
		`seek to a random instant in an open replay: p50 ${ms(seek.random.p50)} p95 ${ms(seek.random.p95)} ms (opening it: ${ms(seek.openMs)} ms)`
	);
	console.log(
		`seek from scratch via the nearest keyframe: p50 ${ms(seek.fromKeyframe.p50)} p95 ${ms(seek.fromKeyframe.p95)} ms; full re-apply p50 ${ms(seek.fullReapply.p50)} ms`
	);
	console.log(
		`seek p95 ≤ 10 ms: ${goals.seekP95AtMost10ms ? 'met' : 'NOT met'}; ≤ 0.1× full re-apply (${ratio(seek.random.p95 / seek.fullReapply.p50)}): ${goals.seekAtMost0_1xFull ? 'met' : 'NOT met'}`
	);
	const { call, plainInsert } = result.upload;
	console.log(
		`an upload of a 3-second batch, checked and judged: p50 ${ms(call.p50)} p95 ${ms(call.p95)} ms; its rows inserted unchecked p50 ${ms(plainInsert.p50)} ms (${ratio(call.p50 / plainInsert.p50)})`
	);
}

function printPeerGate(result: PeerGateResult) {
	const us = (value: number) => `${(value * 1000).toFixed(1).padStart(7)} µs`;
	const { perUpdate, wholeDocument } = result;
	console.log(
		`\nPeer gate checks on a received update, after ${result.keystrokes} keystrokes (p50 / p95)`
	);
	const rows = [
		['apply the update (baseline)', perUpdate.apply],
		["summary (a locked candidate's)", perUpdate.summary],
		["copy check (a refused one's)", perUpdate.copyCheck]
	] as const;
	for (const [name, s] of rows) {
		console.log(
			`${name.padEnd(32)} ${us(s.p50)} / ${us(s.p95)}   ${ratio(s.p50 / perUpdate.apply.p50)} of applying`
		);
	}
	console.log(
		`whole document as a sync answer (${(wholeDocument.bytes / 1024).toFixed(1)} KB): summary p50 ${ms(wholeDocument.summary.p50)} ms, apply p50 ${ms(wholeDocument.apply.p50)} ms = ${ratio(wholeDocument.summary.p50 / wholeDocument.apply.p50)}`
	);
}

function printDurability(result: DurabilityResult) {
	const us = (value: number) => `${(value * 1000).toFixed(1).padStart(7)} µs`;
	const { bare, durable, journalAppend, journalRemove } = result.perKeystroke;
	console.log(
		`\nDurable keystrokes: cost per keystroke in the typing page, its task, ${result.keystrokes} per setup (p50 / p99)`
	);
	const rows = [
		['Yjs document alone', bare],
		['with local persistence + recorder', durable],
		['  of which before the update is sent', result.durableUntilSent],
		["the journals' two appends", journalAppend],
		['their two removals (after a write)', journalRemove]
	] as const;
	for (const [name, s] of rows) console.log(`${name.padEnd(34)} ${us(s.p50)} / ${us(s.p99)}`);
	console.log(
		`persistence + recorder add p50 ${us(durable.p50 - bare.p50)} to a keystroke, the journals' appends ≈ ${us(journalAppend.p50)} of it`
	);
}

function printRefresh(result: RefreshResult) {
	const { visible, rawRead, phasesP50: phases } = result;
	console.log(
		`\nRefresh → the local copy visible, a ${result.documentChars.toLocaleString('en')}-character document (ms from navigation start)`
	);
	console.log(`${''.padEnd(34)} ${'n'.padStart(5)} ${'p50'.padStart(8)} ${'p95'.padStart(8)}`);
	console.log(
		`${'last line in the editor'.padEnd(34)} ${String(visible.samples).padStart(5)} ${ms(visible.p50)} ${ms(visible.p95)}`
	);
	console.log(
		`${'raw IndexedDB read (open + getAll)'.padEnd(34)} ${String(rawRead.samples).padStart(5)} ${ms(rawRead.p50)} ${ms(rawRead.p95)}`
	);
	console.log(
		`refresh / raw read: p50 ${ratio(result.ratioP50)}  p95 ${ratio(result.ratioP95)}; goal p50 ≤ 150 ms: ${result.goals.visibleP50AtMost150ms ? 'met' : 'NOT met'}`
	);
	console.log(
		`phases (p50): HTML ${ms(phases.html)}  scripts run ${ms(phases.scripts)}  tRPC answered ${ms(phases.networkBeforeVisible)}  editor ${ms(phases.editor)}  last line ${ms(phases.visible)}`
	);
}

/** `npm run bench -- run` runs only the entries named. */
const entries = {
	edit: { run: runEditLatency, print: printEditLatency, file: 'edit-latency.json' },
	run: { run: runRunLatency, print: printRunLatency, file: 'run-latency.json' },
	recording: { run: runRecording, print: printRecording, file: 'recording.json' },
	gate: { run: runPeerGate, print: printPeerGate, file: 'peer-gate.json' },
	durability: { run: runDurability, print: printDurability, file: 'durability.json' },
	refresh: { run: runRefresh, print: printRefresh, file: 'refresh.json' }
} as const;

async function main() {
	const timer = setTimeout(() => {
		console.error(`bench: stopped after ${benchTimeoutMs / 1000} s`);
		process.exit(1);
	}, benchTimeoutMs);
	const chromiumVersion = execFileSync(chromiumLaunchOptions.executablePath, ['--version'], {
		stdio: ['ignore', 'pipe', 'ignore']
	})
		.toString()
		.trim();
	console.log(
		`pairdesk bench — ${cpus().length} CPUs (${cpus()[0]?.model}), Node ${process.version}, ${chromiumVersion}`
	);

	const wanted = process.argv.slice(2);
	const chosen = Object.entries(entries).filter(
		([name]) => !wanted.length || wanted.includes(name)
	);
	mkdirSync(resultsDir, { recursive: true });
	const machine = { cpus: cpus().length, node: process.version, chromium: chromiumVersion };
	for (const [name, entry] of chosen) {
		let result: Awaited<ReturnType<typeof entry.run>>;
		try {
			result = await entry.run();
		} catch (error) {
			if (!(error instanceof BenchSkipped)) throw error;
			console.log(`\n${name}: skipped — ${error.message}`);
			continue;
		}
		(entry.print as (result: unknown) => void)(result);
		writeFileSync(
			`${resultsDir}/${entry.file}`,
			`${JSON.stringify({ at: new Date().toISOString(), machine, ...result }, null, '\t')}\n`
		);
	}
	clearTimeout(timer);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
