import type { Browser } from '@playwright/test';
import { build } from 'esbuild';

let bundle: Promise<string> | undefined;

/** rogue-peer.ts bundled for the browser, built once per test run. */
function rogueBundle(): Promise<string> {
	bundle ??= build({
		entryPoints: [new URL('./rogue-peer.ts', import.meta.url).pathname],
		bundle: true,
		format: 'esm',
		platform: 'browser',
		write: false
	}).then((result) => result.outputFiles[0]!.text);
	return bundle;
}

/**
 * A page on the app's own origin (so it reaches /trpc and /signal like the app) that runs
 * the rogue peer instead of the app, in a browser context of its own. The page must come
 * from the server: Chromium lets only pages loaded from a local address reach 127.0.0.1.
 */
export async function openRoguePeer(browser: Browser) {
	const context = await browser.newContext();
	const page = await context.newPage();
	// Any response of the coordinator's will do; this one is a small JSON "not found".
	await page.goto('/trpc/rogue-peer');
	await page.addScriptTag({ content: await rogueBundle(), type: 'module' });
	await page.waitForFunction(() => 'rogue' in window);
	return { context, page };
}
