import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { createInterview, nonce } from './helpers';

/** How light a colour is, 0 (black) to 1 (white), from its computed `rgb(…)`. */
function lightness(rgb: string): number {
	const [r, g, b] = rgb
		.match(/\d+(\.\d+)?/g)!
		.slice(0, 3)
		.map(Number);
	return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
}

const background = (locator: Locator) =>
	locator.evaluate((element) => getComputedStyle(element).backgroundColor);

const theme = (page: Page) => page.locator('html').getAttribute('data-theme');

test.use({ interviewerOptions: { colorScheme: 'dark' } });

test('dark and light themes: the system’s by default, a choice remembered, the editor included', async ({
	interviewer
}) => {
	const { page } = interviewer;
	await createInterview(page, `Themes ${nonce()}`);
	const editor = page.locator('.cm-editor');
	const gutters = page.locator('.cm-gutters');
	// The system is dark: so is the page, and the editor with it.
	expect(await theme(page)).toBe('dark');
	expect(lightness(await background(page.locator('html')))).toBeLessThan(0.2);
	expect(lightness(await background(editor))).toBeLessThan(0.2);
	expect(lightness(await background(gutters))).toBeLessThan(0.2);

	// Light, chosen: the open editor restyles at once, and the choice outlives a reload.
	await page.getByRole('combobox', { name: 'Theme' }).selectOption('light');
	expect(await theme(page)).toBe('light');
	expect(lightness(await background(page.locator('html')))).toBeGreaterThan(0.8);
	expect(lightness(await background(editor))).toBeGreaterThan(0.8);
	await page.reload({ waitUntil: 'commit' });
	// Set before the first paint (app.html), not once the app has loaded.
	await page.waitForSelector('html[data-theme]', { state: 'attached' });
	expect(await theme(page)).toBe('light');
	await expect(page.getByRole('combobox', { name: 'Theme' })).toHaveValue('light');

	// Back to the system's: dark again.
	await page.getByRole('combobox', { name: 'Theme' }).selectOption('system');
	expect(await theme(page)).toBe('dark');
	await page.emulateMedia({ colorScheme: 'light' });
	await expect.poll(() => theme(page)).toBe('light');
});
