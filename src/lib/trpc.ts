import {
	createTRPCClient,
	httpBatchLink,
	httpSubscriptionLink,
	splitLink,
	TRPCClientError
} from '@trpc/client';
import type { AppRouter } from '../../coordinator/src/routers/_app';
import { maxCallsPerBatch } from './protocol/batching';
import { trpcPath } from './protocol/paths';

/** The coordinator's API; the session cookie travels with every call. */
export const trpc = createTRPCClient<AppRouter>({
	links: [
		splitLink({
			// Subscriptions are server-sent events; everything else is batched HTTP.
			condition: (operation) => operation.type === 'subscription',
			true: httpSubscriptionLink({ url: trpcPath }),
			// The coordinator refuses larger batches whole.
			false: httpBatchLink({ url: trpcPath, maxItems: maxCallsPerBatch })
		})
	]
});

/** The coordinator's message for a failed call, or a generic one for a network failure. */
export function errorMessage(error: unknown): string {
	if (error instanceof TRPCClientError) return error.message;
	return error instanceof Error ? error.message : 'Something went wrong';
}

/** The tRPC error code (`NOT_FOUND`, `UNAUTHORIZED`, …) of a failed call, if any. */
export function errorCode(error: unknown): string | undefined {
	return error instanceof TRPCClientError ? error.data?.code : undefined;
}
