import { request } from 'node:http';
import { inArray, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { usersTable } from '../db/schema';
import { nonce } from '../test-support/database';
import { useTestServices, useTrpcServer } from '../test-support/services';
import { postJson, type TrpcErrorBody } from '../test-support/trpc-server';
import { maxCallsPerBatch } from '../../../src/lib/protocol/batching';

const maxBodyBytes = 1024 * 1024;
const password = 'correct horse battery';

const setup = useTestServices();
const server = useTrpcServer(setup, { bounds: { maxBodyBytes } });

async function accountsWithEmails(emails: string[]) {
	const rows = await setup.services.db
		.select({ email: usersTable.email })
		.from(usersTable)
		.where(inArray(usersTable.email, emails));
	return rows.length;
}

/**
 * Streams a never-ending JSON body (chunked, no Content-Length) of up to `totalBytes`, and
 * reports the answer and how much the client managed to send before the server hung up.
 */
function streamBody(path: string, totalBytes: number) {
	return new Promise<{ status: number; body: string; sentBytes: number; cutOff: boolean }>(
		(resolve, reject) => {
			const { hostname, port } = new URL(server.url);
			const req = request({
				host: hostname,
				port,
				method: 'POST',
				path: `/trpc/${path}`,
				headers: { 'content-type': 'application/json' }
			});
			let sentBytes = 0;
			let cutOff = false;
			let answer: { status: number; body: string } | undefined;
			// Settles once both the answer came and the request socket is gone.
			let closed = false;
			const finish = () => answer && closed && resolve({ ...answer, sentBytes, cutOff });
			req.on('close', () => {
				closed = true;
				finish();
			});
			req.on('response', (res) => {
				let body = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => (body += chunk));
				res.on('end', () => {
					answer = { status: res.statusCode ?? 0, body };
					finish();
				});
			});
			req.on('error', (error: NodeJS.ErrnoException) => {
				if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') return reject(error);
				cutOff = true;
			});
			const chunk = Buffer.alloc(64 * 1024, 'x');
			req.write('{"email":"pad@example.com","password":"correct horse","name":"');
			const pump = () => {
				while (!req.destroyed && !cutOff && sentBytes < totalBytes) {
					sentBytes += chunk.length;
					if (!req.write(chunk)) return void req.once('drain', pump);
				}
				if (!req.destroyed && !cutOff) req.end('"}');
			};
			pump();
		}
	);
}

describe('hostile: tRPC request bodies', () => {
	it('refuses a body whose Content-Length is over the cap with 413 before any call runs', async () => {
		const email = `big-${nonce()}@example.com`;
		// Unknown keys are stripped by the input schema: without the cap this signs up.
		const response = await postJson(server, 'auth.signUp', {
			email,
			password,
			name: 'Ada',
			padding: 'x'.repeat(2 * maxBodyBytes)
		});

		expect(response.status).toBe(413);
		const body = (await response.json()) as TrpcErrorBody;
		expect(body.error.data.code).toBe('PAYLOAD_TOO_LARGE');
		expect(body.error.message).toBe(
			'The request body is larger than this server accepts (1024 KB)'
		);
		expect(response.headers.get('connection')).toBe('close');
		expect(await accountsWithEmails([email])).toBe(0);
	});

	it('stops reading a streamed body once it passes the cap: 413, then the connection closes', async () => {
		const totalBytes = 64 * maxBodyBytes;

		const outcome = await streamBody('auth.signUp', totalBytes);

		expect(outcome.status).toBe(413);
		expect((JSON.parse(outcome.body) as TrpcErrorBody).error.message).toBe(
			'The request body is larger than this server accepts (1024 KB)'
		);
		// The server hung up long before the client could send it all.
		expect(outcome.cutOff).toBe(true);
		expect(outcome.sentBytes).toBeLessThan(totalBytes / 2);
	});

	it('still takes a body under the cap', async () => {
		const email = `small-${nonce()}@example.com`;
		const response = await postJson(server, 'auth.signUp', {
			email,
			password,
			name: 'Ada',
			padding: 'x'.repeat(maxBodyBytes / 2)
		});
		expect(response.status).toBe(200);
		expect(await accountsWithEmails([email])).toBe(1);
	});
});

describe('hostile: tRPC batches', () => {
	const batchOfSignUps = (size: number) => {
		const emails = Array.from({ length: size }, (_, i) => `batch-${nonce()}-${i}@example.com`);
		const paths = emails.map(() => 'auth.signUp').join(',');
		const input = Object.fromEntries(
			emails.map((email, i) => [i, { email, password, name: `Bot ${i}` }])
		);
		return { emails, send: () => postJson(server, `${paths}?batch=1`, input) };
	};

	it('refuses a 1,000-call batch whole with 400, and none of its calls runs', async () => {
		const { emails, send } = batchOfSignUps(1000);

		const response = await send();

		expect(response.status).toBe(400);
		const body = (await response.json()) as TrpcErrorBody;
		expect(body.error.message).toBe('Batch call exceeds maximum size');
		expect(await accountsWithEmails(emails)).toBe(0);
	});

	it('runs a batch of the largest size the client sends', async () => {
		const { emails, send } = batchOfSignUps(maxCallsPerBatch);
		const response = await send();
		expect(response.status).toBe(200);
		expect(await accountsWithEmails(emails)).toBe(maxCallsPerBatch);
		await setup.services.db.delete(usersTable).where(like(usersTable.email, 'batch-%'));
	});
});

describe('hostile: mutations only as JSON POSTs', () => {
	it.each([
		{ type: 'text/plain', body: '{}' },
		{ type: 'multipart/form-data; boundary=x', body: '--x--\r\n' },
		{ type: 'application/x-www-form-urlencoded', body: 'a=1' },
		{ type: 'application/octet-stream', body: 'x' }
	])(
		'refuses a cross-site-style $type POST with 415, before the call runs',
		async ({ type, body }) => {
			const response = await fetch(`${server.url}/auth.logOut`, {
				method: 'POST',
				headers: { 'content-type': type },
				body
			});

			expect(response.status).toBe(415);
			expect(((await response.json()) as TrpcErrorBody).error.data.code).toBe(
				'UNSUPPORTED_MEDIA_TYPE'
			);
			// logOut would have cleared the session cookie.
			expect(response.headers.get('set-cookie')).toBeNull();
		}
	);

	it('refuses a mutation sent as GET (tRPC itself: 405)', async () => {
		const response = await fetch(`${server.url}/auth.logOut`);
		expect(response.status).toBe(405);
	});

	it('takes the JSON POST every mutation uses, with a charset or not', async () => {
		for (const type of ['application/json', 'Application/JSON; charset=utf-8']) {
			const response = await fetch(`${server.url}/auth.logOut`, {
				method: 'POST',
				headers: { 'content-type': type }
			});
			expect(response.status, type).toBe(200);
		}
	});
});
