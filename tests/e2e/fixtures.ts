import { test as base, type BrowserContext, type BrowserContextOptions } from '@playwright/test';
import { signUpInterviewer, type Interviewer, type NewContext } from './helpers';

export interface Fixtures {
	/**
	 * Opens a browser context of its own (pages of one context sync over BroadcastChannel, so
	 * every participant needs one); each is closed when the test ends, passed or failed.
	 */
	newContext: NewContext;
	/** The options of the interviewer's context: `test.use({ interviewerOptions })` sets them. */
	interviewerOptions: BrowserContextOptions;
	/** An interviewer who signed up through the UI, in a context of their own. */
	interviewer: Interviewer;
}

/** Playwright's `test` with the fixtures every e2e test uses to open its browser contexts. */
export const test = base.extend<Fixtures>({
	newContext: async ({ browser }, use) => {
		const contexts: BrowserContext[] = [];
		await use(async (options) => {
			const context = await browser.newContext(options);
			contexts.push(context);
			return context;
		});
		await Promise.all(contexts.map((context) => context.close()));
	},
	interviewerOptions: [{}, { option: true }],
	interviewer: async ({ newContext, interviewerOptions }, use) => {
		await use(await signUpInterviewer(newContext, interviewerOptions));
	}
});

export { expect } from '@playwright/test';
