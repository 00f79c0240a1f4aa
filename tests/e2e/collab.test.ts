import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import {
	createInterview,
	editor,
	joinAsCandidate,
	nonce,
	sendChat,
	typeAtEnd,
	waitForPeers
} from './helpers';
import { signalTraceFile } from './settings';

test('interviewer and candidate share code, cursors and chat peer-to-peer, and a refresh restores the room', async ({
	interviewer,
	newContext
}) => {
	const run = nonce();
	const { id, candidateLink } = await createInterview(interviewer.page, `Pairing ${run}`);
	const candidateName = `Grace ${run}`;
	const candidate = await joinAsCandidate(newContext, candidateLink, candidateName);

	await waitForPeers(interviewer.page, 1);
	await waitForPeers(candidate.page, 1);
	await expect(interviewer.page.getByTestId('chat-presence')).toContainText(
		`${candidateName} (candidate) joined`
	);

	// Both type; each sees the other's edit.
	const interviewerLine = `# from interviewer ${run}`;
	const candidateLine = `print("candidate ${run}")`;
	await typeAtEnd(interviewer.page, `${interviewerLine}\n`);
	await expect(editor(candidate.page)).toContainText(interviewerLine);
	await typeAtEnd(candidate.page, candidateLine);
	await expect(editor(interviewer.page)).toContainText(candidateLine);

	// Remote cursors carry the other participant's name (shown a moment after they typed:
	// cursor-labels.test.ts).
	await expect(
		interviewer.page.locator('.cm-remoteCursorLabel', { hasText: candidateName })
	).toHaveCount(1);
	await expect(
		candidate.page.locator('.cm-remoteCursorLabel', { hasText: interviewer.name })
	).toHaveCount(1);

	// Chat both ways, with names.
	const question = `Can you explain the complexity? ${run}`;
	const answer = `Linear, I think ${run}`;
	await sendChat(interviewer.page, question);
	await expect(
		candidate.page.getByTestId('chat-message').filter({ hasText: question })
	).toContainText(interviewer.name);
	await sendChat(candidate.page, answer);
	await expect(
		interviewer.page.getByTestId('chat-message').filter({ hasText: answer })
	).toContainText(candidateName);

	// With no peer online, a refresh restores code and chat from IndexedDB and needs no name.
	// Like closing the tab: unload handlers run and y-webrtc says goodbye to its peers.
	await interviewer.page.close({ runBeforeUnload: true });
	await expect(candidate.page.getByTestId('chat-presence').last()).toContainText(
		`${interviewer.name} (interviewer) left`
	);
	// What it had is in IndexedDB: its batched write has committed.
	await expect(candidate.page.getByTestId('room')).toHaveAttribute('data-saved-locally', 'true');
	await candidate.page.reload();
	await expect(editor(candidate.page)).toContainText(interviewerLine);
	await expect(editor(candidate.page)).toContainText(candidateLine);
	await expect(
		candidate.page.getByTestId('chat-message').filter({ hasText: answer })
	).toBeVisible();
	await expect(candidate.page.locator('input[name="display-name"]')).toHaveCount(0);
	await expect(candidate.page.getByTestId('connection-status')).toHaveAttribute('data-peers', '0');

	// The interviewer comes back; edits made while apart merge; leave and join lines appear.
	const interviewerPage = await interviewer.context.newPage();
	await interviewerPage.goto(`/interview/${id}`);
	await waitForPeers(interviewerPage, 1);
	await expect(candidate.page.getByTestId('chat-presence').last()).toContainText(
		`${interviewer.name} (interviewer) joined`
	);
	await candidate.page.reload();
	await expect(
		interviewerPage.getByTestId('chat-presence').filter({ hasText: 'left' })
	).toContainText(`${candidateName} (candidate) left`);
	await waitForPeers(interviewerPage, 1);
	await typeAtEnd(candidate.page, `\n# after refresh ${run}`);
	await expect(editor(interviewerPage)).toContainText(`# after refresh ${run}`);

	// The coordinator only introduced the peers: none of the typed text or chat passed through it.
	const trace = readFileSync(signalTraceFile, 'utf8');
	expect(trace).toContain(id);
	for (const secret of [interviewerLine, candidateLine, question, answer, run]) {
		expect(trace).not.toContain(secret);
	}
});

test('the language selector is shared and changes highlighting for everyone', async ({
	interviewer,
	newContext
}) => {
	const { candidateLink } = await createInterview(
		interviewer.page,
		`Languages ${nonce()}`,
		'python'
	);
	const candidate = await joinAsCandidate(newContext, candidateLink, 'Linus');
	await waitForPeers(candidate.page, 1);

	await expect(candidate.page.getByTestId('editor')).toHaveAttribute('data-language', 'python');
	await interviewer.page.getByTestId('language-select').selectOption('go');
	await expect(candidate.page.getByTestId('language-select')).toHaveValue('go');
	await expect(candidate.page.getByTestId('editor')).toHaveAttribute('data-language', 'go');

	// Go highlighting marks `func` as a keyword; Python's would not.
	await typeAtEnd(candidate.page, 'func main() {}');
	await expect(
		interviewer.page.locator('.cm-content span', { hasText: /^func$/ }).last()
	).toBeVisible();
});
