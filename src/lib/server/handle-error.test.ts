import type { RequestEvent } from '@sveltejs/kit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handleError } from './handle-error';

const event = {
	request: new Request('http://localhost/interviews'),
	url: new URL('http://localhost/interviews')
} as RequestEvent;

afterEach(() => vi.restoreAllMocks());

describe('hostile: SvelteKit handleError', () => {
	it('answers an unexpected error with an id only, and logs the error under that id', async () => {
		const logged: string[] = [];
		vi.spyOn(console, 'error').mockImplementation((line: string) => void logged.push(line));
		const error = new Error('Failed query: select "password_hash" from "users"\nparams: s3cret');

		const answer = await handleError({ error, event, status: 500, message: 'Internal Error' });

		expect(answer).toEqual({
			message: expect.stringMatching(/^Internal error \(id [0-9a-f]{8}\)$/)
		});
		const serialized = JSON.stringify(answer);
		for (const leak of ['select', 'password_hash', 's3cret', 'at ']) {
			expect(serialized).not.toContain(leak);
		}
		const id = /id ([0-9a-f]{8})/.exec(answer!.message)![1]!;
		expect(logged).toHaveLength(1);
		expect(logged[0]).toContain(`Internal error (id ${id}) in GET /interviews`);
		expect(logged[0]).toContain('s3cret');
		expect(logged[0]).toContain('handle-error.test.ts');
	});

	it('keeps a missing route a plain 404', async () => {
		const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
		const answer = await handleError({
			error: new Error('Not found: /nope'),
			event,
			status: 404,
			message: 'Not Found'
		});
		expect(answer).toEqual({ message: 'Not Found' });
		expect(spy).not.toHaveBeenCalled();
	});
});
