import type { AnyTRPCRouter } from '@trpc/server';
import { createHTTPHandler, type CreateHTTPHandlerOptions } from '@trpc/server/adapters/standalone';
import { maxCallsPerBatch } from '../../../src/lib/protocol/batching';
import { trpcPath } from '../../../src/lib/protocol/paths';
import { jsonBody } from './json-body';

export interface TrpcBounds {
	/** The largest request body accepted, in bytes. */
	maxBodyBytes: number;
	/** Calls one batched request may hold; `maxCallsPerBatch` unless a test says otherwise. */
	maxBatchSize?: number;
}

/**
 * The HTTP handler for `/trpc`, with its bounds: JSON bodies of at most `maxBodyBytes`, read
 * before any call runs (`json-body.ts`), and batches of at most `maxBatchSize` calls — a
 * larger batch is refused whole with 400 before any of its calls runs.
 * @see https://trpc.io/docs/server/adapters/standalone
 */
export function createTrpcHandler<TRouter extends AnyTRPCRouter>(
	options: CreateHTTPHandlerOptions<TRouter>,
	{ maxBodyBytes, maxBatchSize = maxCallsPerBatch }: TrpcBounds
) {
	// Object.assign, not a spread: TypeScript loses the adapter's conditional `createContext`
	// type when a generic options object is spread (https://github.com/trpc/trpc/issues/6057).
	return createHTTPHandler(
		Object.assign({}, options, {
			basePath: `${trpcPath}/`,
			maxBatchSize,
			middleware: jsonBody({ maxBytes: maxBodyBytes })
		})
	);
}
