import type { Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChromiumPages, type ChromiumPages } from '../test-support/chromium-pages';

let chromium: ChromiumPages;
let page: Page;
const databaseName = () => `canary-${Math.random().toString(36).slice(2)}`;

beforeAll(async () => {
	chromium = await openChromiumPages(new URL('./local-persistence.test-page.ts', import.meta.url));
	page = await chromium.newPage('localPersistencePage');
});

afterAll(() => chromium?.close());

// LocalPersistence replaces y-indexeddb's writer by its own batched one, reaching into
// y-indexeddb 9.0.12 (pinned in package.json). If one of these fails after an upgrade,
// re-check local-persistence.ts against the new y-indexeddb before anything else.
describe('canary: y-indexeddb internals LocalPersistence relies on', () => {
	it("`_storeUpdate` is the document's 'update' listener that writes each update, and nothing else does", async () => {
		const outcome = await page.evaluate(
			(name) => window.localPersistencePage.perUpdateWriter(name),
			databaseName()
		);
		expect(outcome.storeUpdate).toBe('function');
		expect(outcome.attached).toBe(outcome.opened + 1);
		expect(outcome.detached).toBe(outcome.attached);
	});

	it('restores what IndexedDB holds in transactions whose origin is the persistence itself', async () => {
		const outcome = await page.evaluate(
			(name) => window.localPersistencePage.restoredOrigins(name),
			databaseName()
		);
		expect(outcome).toEqual({ fromItself: true, text: 'stored' });
	});

	it('`fetchUpdates` hands over its store still writable and `_dbref` past every key it read: the whole state replaces the rest', async () => {
		const outcome = await page.evaluate(
			(name) => window.localPersistencePage.wholeStateWrite(name),
			databaseName()
		);
		expect(outcome).toEqual({ entries: 1, text: 'one two three' });
	});
});

describe('LocalPersistence', () => {
	it('puts an early read of the local copy into the document as it is made; an early read of no copy creates nothing', async () => {
		const outcome = await page.evaluate(
			(name) => window.localPersistencePage.earlyRestore(name),
			databaseName()
		);
		expect(outcome).toEqual({
			atOnce: 'stored earlier',
			restored: 'stored earlier',
			missing: 'AbortError',
			freshStored: true
		});
	});

	it("journals an edit after the update's other listeners (the send to the peers), by the end of its task or at pagehide", async () => {
		const outcome = await page.evaluate(
			(name) => window.localPersistencePage.journalTiming(name),
			databaseName()
		);
		expect(outcome).toEqual({ whenSent: [0, 1], endOfTask: 1, afterPagehide: 2 });
	});

	it('tells when IndexedDB holds every change: not from an edit until its batched write committed', async () => {
		const outcome = await page.evaluate(
			(name) => window.localPersistencePage.savedStates(name),
			databaseName()
		);
		expect(outcome).toEqual({ told: [true, false, true], text: 'typed' });
	});
});
