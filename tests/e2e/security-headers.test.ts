import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
	createInterview,
	editorCode,
	joinInContext,
	nonce,
	sendChat,
	typeAtEnd,
	waitForPeers
} from './helpers';
import { expectLiveVideo, fakeMediaLaunchOptions, tileOf, withDevices } from './video-helpers';

test.use({ launchOptions: fakeMediaLaunchOptions, interviewerOptions: withDevices });

const pages = ['/', '/login', `/interview/${crypto.randomUUID()}`, '/interviews/x/replay'];

/** The directives of a Content-Security-Policy header, by name. */
function directives(policy: string): Map<string, string[]> {
	return new Map(
		policy.split(';').map((part) => {
			const [name, ...sources] = part.trim().split(/\s+/);
			return [name!, sources];
		})
	);
}

test("every page of the app carries a strict Content Security Policy and the app's own security headers", async ({
	request
}) => {
	const nonces = new Set<string>();
	for (const path of pages) {
		const response = await request.get(path);
		expect(response.status(), path).toBe(200);
		const headers = response.headers();
		expect(headers['x-content-type-options'], path).toBe('nosniff');
		expect(headers['referrer-policy'], path).toBe('no-referrer');
		expect(headers['permissions-policy'], path).toContain('camera=(self), microphone=(self)');

		const policy = directives(headers['content-security-policy']!);
		expect(policy.get('default-src')).toEqual(["'self'"]);
		expect(policy.get('connect-src')).toEqual(["'self'"]);
		expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
		expect(policy.get('media-src')).toEqual(["'self'", 'blob:']);
		expect(policy.get('object-src')).toEqual(["'none'"]);
		expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
		// Scripts: this origin's, and the inline bootstrap by its nonce — nothing else.
		const scripts = policy.get('script-src')!;
		expect(scripts.filter((source) => !source.startsWith("'nonce-"))).toEqual(["'self'"]);
		const scriptNonce = scripts.find((source) => source.startsWith("'nonce-"))!.slice(7, -1);
		expect(await response.text()).toContain(`<script nonce="${scriptNonce}">`);
		// Style elements: this origin's, and CodeMirror's by the same nonce; style attributes
		// (remote cursors' colours) may be inline.
		expect(policy.get('style-src')).toEqual(["'self'", `'nonce-${scriptNonce}'`]);
		expect(policy.get('style-src-attr')).toEqual(["'unsafe-inline'"]);
		nonces.add(scriptNonce);
		// No outside address anywhere: every source is a keyword, a nonce or a scheme.
		for (const [name, sources] of policy) {
			for (const source of sources) {
				expect(source, `${name} ${source}`).toMatch(/^('[a-z-]+'|'nonce-[^']+'|data:|blob:)$/);
			}
		}
	}
	expect(nonces.size).toBe(pages.length);
});

/** Collects every Content Security Policy violation the pages of `context` report. */
async function recordViolations(context: BrowserContext) {
	await context.addInitScript(() => {
		const violations: string[] = [];
		document.addEventListener('securitypolicyviolation', (event) =>
			violations.push(
				`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`
			)
		);
		Object.assign(window, { cspViolations: violations });
	});
}

const violationsOf = (page: Page) =>
	page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

test('a room works under the policy: code, cursors, chat and video, and nothing is blocked', async ({
	interviewer,
	newContext
}) => {
	const run = nonce();
	await recordViolations(interviewer.context);
	const { candidateLink } = await createInterview(interviewer.page, `Policy ${run}`);
	const candidateContext = await newContext(withDevices);
	await recordViolations(candidateContext);
	const candidateName = `Grace ${run}`;
	const candidate = await joinInContext(candidateContext, candidateLink, candidateName);
	await waitForPeers(interviewer.page, 1);

	await typeAtEnd(candidate.page, `print("${run}")`);
	await expect.poll(() => editorCode(interviewer.page)).toBe(`print("${run}")`);
	// The candidate's caret, coloured by a style attribute, shows in the interviewer's editor.
	await expect(interviewer.page.locator('.cm-ySelectionCaret')).toBeVisible();
	await sendChat(interviewer.page, `hello ${run}`);
	await expect(candidate.page.getByTestId('chat-message')).toContainText(`hello ${run}`);
	await expectLiveVideo(tileOf(interviewer.page, candidateName));
	await expectLiveVideo(tileOf(candidate.page, interviewer.name));

	expect(await violationsOf(interviewer.page)).toEqual([]);
	expect(await violationsOf(candidate.page)).toEqual([]);
});
