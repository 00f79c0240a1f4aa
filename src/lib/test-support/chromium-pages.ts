import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { chromiumLaunchOptions } from '../../../tests/e2e/settings';

/** Chromium, and pages of a loopback origin that run one module; `close` ends them all. */
export interface ChromiumPages {
	/** `http://127.0.0.1:<port>`: the pages' origin, served by `server`. */
	origin: string;
	/** The HTTP server of that origin, for a test to take WebSocket upgrades on. */
	server: Server;
	/**
	 * A page in a browser context of its own (pages of one context would sync over
	 * BroadcastChannel), once the module has put `global` on its `window`.
	 */
	newPage(global: string): Promise<Page>;
	close(): Promise<void>;
}

/**
 * Runs `entry` (a module, usually next to the test) bundled for the browser in Chromium pages
 * on 127.0.0.1, where IndexedDB, WebRTC and WebSocket are the browser's own: for unit tests
 * of what the client relies on in browser libraries. Chromium is the e2e tests' one.
 */
export async function openChromiumPages(entry: URL): Promise<ChromiumPages> {
	const bundle = await build({
		entryPoints: [fileURLToPath(entry)],
		bundle: true,
		format: 'esm',
		platform: 'browser',
		write: false
	});
	const script = bundle.outputFiles[0]!.text;
	const server = createServer((req, res) => {
		if (req.url === '/entry.js') {
			res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(script);
		} else {
			res
				.writeHead(200, { 'Content-Type': 'text/html' })
				.end('<!doctype html><script type="module" src="/entry.js"></script>');
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const browser = await chromium.launch(chromiumLaunchOptions);
	return {
		origin,
		server,
		async newPage(global) {
			const page = await (await browser.newContext()).newPage();
			await page.goto(origin);
			await page.waitForFunction((name) => name in window, global);
			return page;
		},
		async close() {
			await browser.close();
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		}
	};
}
