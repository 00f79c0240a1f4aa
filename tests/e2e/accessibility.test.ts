import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
	createInterview,
	joinAsCandidate,
	nonce,
	sendChat,
	signUpInterviewer,
	typeAtEnd,
	waitForPeers
} from './helpers';

/** What axe finds on the page that is serious or worse, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
	const { violations } = await new AxeBuilder({ page }).analyze();
	return violations
		.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
		.map(
			(violation) =>
				`${violation.id} (${violation.impact}): ${violation.nodes
					.map((node) => node.target.join(' '))
					.join(', ')}`
		);
}

for (const theme of ['light', 'dark'] as const) {
	test(`no serious accessibility violations on the login page, dashboard, join page, room and replay (${theme})`, async ({
		newContext
	}) => {
		test.setTimeout(180_000);
		const login = await (await newContext({ colorScheme: theme })).newPage();
		await login.goto('/login');
		expect(await seriousViolations(login)).toEqual([]);

		const interviewer = await signUpInterviewer(newContext, { colorScheme: theme });
		const { page } = interviewer;
		await page.goto('/');
		expect(await seriousViolations(page)).toEqual([]);

		const run = nonce();
		const { id, candidateLink } = await createInterview(page, `Accessible ${run}`);
		const join = await (await newContext({ colorScheme: theme })).newPage();
		await join.goto(candidateLink);
		await expect(join.locator('input[name="display-name"]')).toBeVisible();
		expect(await seriousViolations(join)).toEqual([]);

		const candidate = await joinAsCandidate(newContext, candidateLink, `Reader ${run}`, {
			colorScheme: theme
		});
		await waitForPeers(page, 1);
		await typeAtEnd(candidate.page, 'print("hello")');
		await sendChat(page, `Welcome ${run}`);
		await expect(candidate.page.getByTestId('chat-message')).toHaveCount(1);
		expect(await seriousViolations(page)).toEqual([]);
		expect(await seriousViolations(candidate.page)).toEqual([]);

		await page.getByTestId('end-interview').click();
		await page.getByTestId('confirm-end').click();
		await expect(page.getByTestId('interview-ended')).toBeVisible();
		await page.goto(`/interviews/${id}/replay`);
		await expect(page.getByRole('slider')).toBeVisible();
		expect(await seriousViolations(page)).toEqual([]);
	});
}

test('the chat, the connection status and the run status are live regions', async ({
	interviewer
}) => {
	await createInterview(interviewer.page, `Live ${nonce()}`);
	const { page } = interviewer;
	await expect(page.getByTestId('connection-status')).toHaveAttribute('role', 'status');
	await expect(page.getByRole('list', { name: 'Chat' })).toHaveAttribute('aria-live', 'polite');
	await expect(page.getByRole('textbox', { name: 'Code', exact: true })).toBeVisible();
	await typeAtEnd(page, 'print(1)');
	await page.getByTestId('run-button').click();
	await expect(page.getByTestId('run-status-line')).toHaveAttribute('aria-live', 'polite');
});
