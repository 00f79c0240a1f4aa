import type { BrowserContext, Page } from '@playwright/test';

const connectTimeoutMs = 30_000;

export interface StagedRoomOptions {
	appUrl: string;
	interviewerContext: BrowserContext;
	candidateContext: BrowserContext;
	interviewerName: string;
	candidateName: string;
	title: string;
}

async function postOrThrow(context: BrowserContext, url: string, data: object) {
	const response = await context.request.post(url, { data });
	if (!response.ok()) throw new Error(`POST ${url} failed: ${await response.text()}`);
	return response.json();
}

/**
 * An interview in progress, for scripts and benchmarks: an interviewer signed up through
 * the API (the session cookie lands in `interviewerContext`), a Python interview, and a
 * candidate who joined through the page. Resolves once both pages are connected.
 */
export async function openStagedRoom(
	options: StagedRoomOptions
): Promise<{ interviewer: Page; candidate: Page }> {
	const { appUrl, interviewerContext, candidateContext } = options;
	await postOrThrow(interviewerContext, `${appUrl}/trpc/auth.signUp`, {
		email: `staged-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`,
		password: 'staged-room-password',
		name: options.interviewerName
	});
	const created = await postOrThrow(interviewerContext, `${appUrl}/trpc/rooms.create`, {
		title: options.title,
		language: 'python'
	});
	const { id, inviteToken } = created.result.data;
	const roomUrl = `${appUrl}/interview/${id}`;

	const interviewer = await interviewerContext.newPage();
	await interviewer.goto(roomUrl);
	const candidate = await candidateContext.newPage();
	await candidate.goto(`${roomUrl}?invite=${inviteToken}`);
	await candidate.locator('input[name="display-name"]').fill(options.candidateName);
	await candidate.getByRole('button', { name: 'Join interview' }).click();
	for (const page of [interviewer, candidate]) {
		await page
			.locator('[data-testid="connection-status"][data-peers="1"]')
			.waitFor({ timeout: connectTimeoutMs });
	}
	return { interviewer, candidate };
}
