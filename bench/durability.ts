// What making each keystroke durable across a reload costs the typing page (see
// src/lib/sync/local-journal.ts): measured in Chromium, in the page, per keystroke.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import { chromiumLaunchOptions } from '../tests/e2e/settings';
import type { SetupName } from './pages/durability';
import { serveDirectory } from './static-server';
import { summarize, type LatencySummary } from './stats';

const rounds = 3;
const keystrokesPerRound = 1_100;
const warmup = 100;

export interface DurabilityResult {
	keystrokes: number;
	/** ms per keystroke in the typing page: its task, microtasks included. */
	perKeystroke: Record<SetupName, LatencySummary>;
	/** With persistence and recorder: from the keystroke to its update's last listener (the send). */
	durableUntilSent: LatencySummary;
}

export async function run(): Promise<DurabilityResult> {
	const outDir = mkdtempSync(join(tmpdir(), 'pairdesk-bench-durability-'));
	const browser = await chromium.launch(chromiumLaunchOptions);
	try {
		await build({
			configFile: false,
			root: 'bench/pages',
			logLevel: 'warn',
			build: { outDir, emptyOutDir: true, rollupOptions: { input: 'bench/pages/durability.html' } }
		});
		// Cross-origin isolated, so that performance.now() counts in µs rather than 100 µs steps.
		const pages = await serveDirectory(outDir, {
			'Cross-Origin-Opener-Policy': 'same-origin',
			'Cross-Origin-Embedder-Policy': 'require-corp'
		});
		try {
			const page = await browser.newPage();
			await page.goto(`${pages.url}/durability.html`);
			await page.waitForFunction(() => 'benchDurability' in window);
			if (!(await page.evaluate(() => crossOriginIsolated))) {
				throw new Error(
					'the durability page is not cross-origin isolated: its timer is too coarse'
				);
			}
			const samples = await page.evaluate(
				([rounds, perRound, warmup]) =>
					(
						window as unknown as {
							benchDurability(
								r: number,
								p: number,
								w: number
							): Promise<Record<SetupName | 'durableUntilSent', number[]>>;
						}
					).benchDurability(rounds, perRound, warmup),
				[rounds, keystrokesPerRound, warmup] as const
			);
			return {
				keystrokes: rounds * (keystrokesPerRound - warmup),
				perKeystroke: {
					bare: summarize(samples.bare),
					durable: summarize(samples.durable),
					journalAppend: summarize(samples.journalAppend),
					journalRemove: summarize(samples.journalRemove)
				},
				durableUntilSent: summarize(samples.durableUntilSent)
			};
		} finally {
			await pages.close();
		}
	} finally {
		await browser.close();
		rmSync(outDir, { recursive: true, force: true });
	}
}
