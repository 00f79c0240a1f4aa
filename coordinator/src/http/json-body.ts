import type { IncomingMessage, ServerResponse } from 'node:http';
import { TRPCError } from '@trpc/server';

/** The request as the tRPC adapter sees it: a `body` set here is used instead of the stream. */
type BodyRequest = IncomingMessage & { body?: unknown };

const isJson = (contentType: string | undefined) =>
	contentType?.split(';', 1)[0]?.trim().toLowerCase() === 'application/json';

/**
 * A middleware for tRPC's Node adapter that reads a POST's JSON body itself, up to
 * `maxBytes`, and hands it to tRPC as `req.body`. Anything else is refused before tRPC reads a
 * byte, and the call never runs:
 * - a POST that is not `Content-Type: application/json` (UNSUPPORTED_MEDIA_TYPE). Every
 *   mutation is a POST; a cross-site `<form>` can post `text/plain` or `multipart/form-data`
 *   (which tRPC itself would accept), but not JSON without the page's consent (CORS);
 * - a body over `maxBytes`, by its Content-Length or once that many bytes came
 *   (PAYLOAD_TOO_LARGE). tRPC's own `maxBodySize` answers 413 too but then keeps the
 *   connection and reads the rest; here the connection closes after the answer.
 */
export function jsonBody({ maxBytes }: { maxBytes: number }) {
	const tooLarge = () =>
		new TRPCError({
			code: 'PAYLOAD_TOO_LARGE',
			message: `The request body is larger than this server accepts (${Math.floor(maxBytes / 1024)} KB)`
		});

	return (req: BodyRequest, res: ServerResponse, next: (error?: unknown) => void) => {
		if (req.method !== 'POST') return next();
		const refuse = (error: TRPCError) => {
			req.body = '';
			// Node closes the connection after the answer instead of reading the rest; until then
			// what still arrives flows past unbuffered.
			res.setHeader('connection', 'close');
			req.resume();
			next(error);
		};
		if (!isJson(req.headers['content-type'])) {
			return refuse(
				new TRPCError({
					code: 'UNSUPPORTED_MEDIA_TYPE',
					message: 'Calls must be sent as JSON: a POST with Content-Type: application/json'
				})
			);
		}
		if (Number(req.headers['content-length']) > maxBytes) return refuse(tooLarge());

		const chunks: Buffer[] = [];
		let size = 0;
		const stopReading = () => {
			req.off('data', onData);
			req.off('end', onEnd);
			req.off('error', onError);
		};
		const onData = (chunk: Buffer) => {
			size += chunk.length;
			if (size <= maxBytes) return void chunks.push(chunk);
			stopReading();
			chunks.length = 0;
			refuse(tooLarge());
		};
		const onEnd = () => {
			stopReading();
			req.body = Buffer.concat(chunks).toString('utf8');
			next();
		};
		const onError = () => {
			stopReading();
			refuse(new TRPCError({ code: 'BAD_REQUEST', message: 'The request body could not be read' }));
		};
		req.on('data', onData);
		req.on('end', onEnd);
		req.on('error', onError);
	};
}
