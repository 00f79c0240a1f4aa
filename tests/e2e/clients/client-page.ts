import type { BrowserContextOptions } from '@playwright/test';
import { build } from 'esbuild';
import type { NewContext } from '../helpers';

const bundles = new Map<string, Promise<string>>();

/** A hand-built client (a module in this folder) bundled for the browser, once per test run. */
function bundleOf(entry: string): Promise<string> {
	let bundle = bundles.get(entry);
	if (!bundle) {
		bundle = build({
			entryPoints: [new URL(entry, import.meta.url).pathname],
			bundle: true,
			format: 'esm',
			platform: 'browser',
			write: false
		}).then((result) => result.outputFiles[0]!.text);
		bundles.set(entry, bundle);
	}
	return bundle;
}

/**
 * A page on the app's own origin (so it reaches /trpc, /signal and /peerjs like the app) that
 * runs the client `entry` (e.g. './rogue-peer.ts') instead of the app, in a browser context of
 * its own, once it has put `global` on `window`. The page must come from the server: Chromium
 * lets only pages loaded from a local address reach 127.0.0.1. With `contextOptions`'
 * `storageState` from a signed-in context, the client has that interviewer's session.
 */
export async function openClientPage(
	newContext: NewContext,
	entry: string,
	global: string,
	contextOptions: BrowserContextOptions = {}
) {
	const context = await newContext(contextOptions);
	const page = await context.newPage();
	// Any response of the coordinator's will do; this one is a small JSON "not found".
	await page.goto(`/trpc/${global}`);
	await page.addScriptTag({ content: await bundleOf(entry), type: 'module' });
	await page.waitForFunction((name) => name in window, global);
	return { context, page };
}
