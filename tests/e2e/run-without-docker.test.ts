import { expect, test } from './fixtures';
import { nonce } from './helpers';
import { noDockerPort } from './settings';

test('without a Docker engine the room works and Run says how to enable execution', async ({
	newContext
}) => {
	const baseURL = `http://127.0.0.1:${noDockerPort}`;
	const context = await newContext({ baseURL });
	const id = nonce();
	await context.request.post('/trpc/auth.signUp', {
		data: { email: `nodocker-${id}@example.com`, password: `pw-${id}-secret`, name: `Ada ${id}` }
	});
	const created = await context.request.post('/trpc/rooms.create', {
		data: { title: `No Docker ${id}`, language: 'python' }
	});
	const roomId = (await created.json()).result.data.id as string;
	const page = await context.newPage();
	await page.goto(`/interview/${roomId}`);

	await expect(page.getByTestId('editor')).toBeVisible();
	await expect(page.getByTestId('run-unavailable')).toHaveText(
		/^Code execution is off: no Docker engine answers at unix:\/\/\/nonexistent\/docker\.sock\. .*runner\/images\/build\.sh/
	);
	await expect(page.getByTestId('run-button')).toBeDisabled();
});
