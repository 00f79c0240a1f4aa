import { expect, test } from './fixtures';
import {
	closeShareMenu,
	createInterview,
	editorCode,
	nonce,
	openShareMenu,
	signUpInterviewer,
	typeAtEnd,
	waitForPeers
} from './helpers';

test('the owner adds a colleague, who enters as an interviewer with the same powers', async ({
	newContext
}) => {
	const run = nonce();
	const owner = await signUpInterviewer(newContext);
	const colleague = await signUpInterviewer(newContext);
	const title = `Panel ${run}`;
	const { id } = await createInterview(owner.page, title);

	const menu = await openShareMenu(owner.page);
	await menu.getByRole('textbox', { name: "Colleague's email" }).fill(colleague.email);
	await menu.getByRole('button', { name: 'Add interviewer' }).click();
	await expect(menu.getByTestId('interviewer')).toHaveCount(2);
	await expect(menu.getByTestId('interviewer').nth(1)).toContainText(colleague.name);
	await closeShareMenu(owner.page);

	// The interview is on the colleague's dashboard, and they enter without an invite or a name.
	await colleague.page.goto('/');
	await expect(colleague.page.getByText(title)).toBeVisible();
	await colleague.page.goto(`/interview/${id}`);
	await expect(colleague.page.getByTestId('room-controls')).toBeVisible();
	await waitForPeers(colleague.page, 1);
	await expect(owner.page.getByTestId('participants')).toContainText(colleague.name);
	await typeAtEnd(colleague.page, `# from ${run}`);
	await expect.poll(() => editorCode(owner.page)).toBe(`# from ${run}`);
	// Only the owner manages interviewers.
	const colleagueMenu = await openShareMenu(colleague.page);
	await expect(colleagueMenu.getByTestId('interviewer')).toHaveCount(2);
	await expect(colleagueMenu.getByRole('button', { name: 'Add interviewer' })).toHaveCount(0);
});
