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

/** What zod's `flatten()` gives: the coordinator's error formatter sends it for bad input. */
interface FlatZodError {
	formErrors: string[];
	fieldErrors: Record<string, string[] | undefined>;
}

/**
 * The coordinator's message for a failed call, or a generic one for a network failure. For
 * bad input, the schemas' own sentences ("Password must be at least 8 characters"), without
 * the field paths the message carries for API callers.
 */
export function errorMessage(error: unknown): string {
	if (error instanceof TRPCClientError) {
		const zod = (error.data as { zodError?: FlatZodError | null } | undefined)?.zodError;
		const sentences = zod
			? [...zod.formErrors, ...Object.values(zod.fieldErrors).flatMap((list) => list ?? [])]
			: [];
		return sentences.length ? sentences.join(' ') : error.message;
	}
	return error instanceof Error ? error.message : 'Something went wrong';
}

/** The tRPC error code (`NOT_FOUND`, `UNAUTHORIZED`, …) of a failed call, if any. */
export function errorCode(error: unknown): string | undefined {
	return error instanceof TRPCClientError ? error.data?.code : undefined;
}
