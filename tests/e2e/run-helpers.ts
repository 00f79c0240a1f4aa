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

/** Types `program` into the editor, runs it, and waits until the run panel shows it running. */
export async function startRun(page: Page, program: string) {
	await typeAtEnd(page, program);
	await page.getByTestId('run-button').click();
	await expect(page.getByTestId('run-output')).toHaveAttribute('data-status', /queued|running/);
}

/** Waits for the run on show to end with `status`; returns its output element. */
export async function runEnded(page: Page, status: string) {
	const output = page.getByTestId('run-output');
	await expect(output).toHaveAttribute('data-status', status, { timeout: 30_000 });
	return output;
}
