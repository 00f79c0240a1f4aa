import type { BrowserContext } from '@playwright/test';
import { expect, test } from './fixtures';

/** The contexts the first test opened, for the second to look for. */
const opened: BrowserContext[] = [];

test.describe.serial('the newContext fixture', () => {
	test('a test that fails with its contexts open…', async ({ newContext }) => {
		test.fail(true, 'it fails on purpose, before it could close anything');
		opened.push(await newContext(), await newContext());
		expect(opened).toEqual([]);
	});

	test('…leaves none of them open', async ({ browser }) => {
		expect(opened).toHaveLength(2);
		expect(browser.contexts().filter((context) => opened.includes(context))).toEqual([]);
	});
});
