// `npm run bench`: every benchmark entry in order, printed as a table and saved as JSON
// under bench/results/. Each entry measures its baselines in the same run.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { chromiumLaunchOptions } from '../tests/e2e/settings';
import { run as runEditLatency, type EditLatencyResult } from './edit-latency';

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

	const editLatency = await runEditLatency();
	printEditLatency(editLatency);

	mkdirSync(resultsDir, { recursive: true });
	const machine = { cpus: cpus().length, node: process.version, chromium: chromiumVersion };
	writeFileSync(
		`${resultsDir}/edit-latency.json`,
		`${JSON.stringify({ at: new Date().toISOString(), machine, ...editLatency }, null, '\t')}\n`
	);
	clearTimeout(timer);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
