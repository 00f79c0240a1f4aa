import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { typeAtEnd } from './helpers';

/** Skips the test where the e2e server has no Docker engine, unless REQUIRE_DOCKER=1. */
export async function skipWithoutRunner(request: APIRequestContext) {
	const availability = await request.get('/trpc/runs.availability');
	const state = (await availability.json()).result.data as { available: boolean; reason?: string };
	test.skip(
		!state.available && process.env.REQUIRE_DOCKER !== '1',
		`no Docker engine for the runner: ${state.reason}`
	);
}

/**
 * Types `program` (if any) into the editor, clicks Run, and waits until the run panel shows
 * the new run, in whatever state it has reached.
 */
export async function startRun(page: Page, program?: string) {
	if (program !== undefined) await typeAtEnd(page, program);
	const output = page.getByTestId('run-output');
	const previous = (await output.count()) > 0 ? await output.getAttribute('data-run-id') : null;
	await page.getByTestId('run-button').click();
	await expect
		.poll(async () => ((await output.count()) > 0 ? output.getAttribute('data-run-id') : null))
		.not.toBe(previous);
}

/** Waits for the run on show to end with `status`; returns its output element. */
export async function runEnded(page: Page, status: string) {
	const output = page.getByTestId('run-output');
	await expect(output).toHaveAttribute('data-status', status, { timeout: 30_000 });
	return output;
}
