import { expect, test } from './fixtures';
import {
	createInterview,
	joinAsCandidate,
	nonce,
	signUpInterviewer,
	typeAtEnd,
	waitForPeers
} from './helpers';
import { skipWithoutRunner } from './run-helpers';

test('the candidate runs a program reading stdin; both see its output stream in, and the run in the history', async ({
	request,
	newContext
}) => {
	await skipWithoutRunner(request);

	const run = nonce();
	const interviewer = await signUpInterviewer(newContext);
	const { candidateLink } = await createInterview(interviewer.page, `Run ${run}`);
	const candidateName = `Grace ${run}`;
	const candidate = await joinAsCandidate(newContext, candidateLink, candidateName);
	await waitForPeers(interviewer.page, 1);
	await waitForPeers(candidate.page, 1);

	const program = [
		'import time',
		'name = input()',
		'print("hello", name, flush=True)',
		'time.sleep(2)',
		`print("done ${run}")`
	].join('\n');
	await typeAtEnd(candidate.page, program);

	// The input box sits beside the output and is shared through the room like the code.
	await candidate.page.getByTestId('run-stdin').fill(`Ada ${run}`);
	await expect(interviewer.page.getByTestId('run-stdin')).toHaveValue(`Ada ${run}`);

	await candidate.page.getByTestId('run-button').click();

	for (const page of [interviewer.page, candidate.page]) {
		const output = page.getByTestId('run-output');
		// The first line arrives while the program is still sleeping: output streams.
		await expect(output.getByTestId('program-output')).toHaveText(`hello Ada ${run}`);
		await expect(output).toHaveAttribute('data-status', 'running');
		await expect(output.getByTestId('run-summary')).toContainText(`${candidateName} ran Python`);
	}
	for (const page of [interviewer.page, candidate.page]) {
		const output = page.getByTestId('run-output');
		await expect(output).toHaveAttribute('data-status', 'succeeded');
		await expect(output.getByTestId('program-output')).toHaveText(
			`hello Ada ${run}\ndone ${run}\n`
		);
		await expect(output.getByTestId('run-status')).toHaveText('Finished');
		await expect(output.getByTestId('run-exit-code')).toHaveText('exit code 0');
		await expect(output.getByTestId('run-stdin-note')).toHaveText('ran with 1 line of input');
		await expect(page.getByTestId('run-button')).toBeEnabled();
	}

	await interviewer.page.getByTestId('run-tab-history').click();
	const entries = interviewer.page.getByTestId('run-history-entry');
	await expect(entries).toHaveCount(1);
	await expect(entries.first()).toHaveAttribute('data-status', 'succeeded');
	await expect(entries.first()).toContainText(candidateName);
	await entries.first().getByText('Code').click();
	await expect(entries.first().getByTestId('run-history-code')).toHaveText(program);

	// The history survives a refresh: it comes from the coordinator, not the page.
	await interviewer.page.reload();
	await interviewer.page.getByTestId('run-tab-history').click();
	await expect(interviewer.page.getByTestId('run-history-entry')).toHaveCount(1);
});
