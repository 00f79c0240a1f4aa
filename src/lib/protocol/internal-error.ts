/**
 * How a server answers an error it did not mean to raise: a message with a short id and
 * nothing else, while the log keeps the details under the same id. Shared by the coordinator's
 * tRPC error formatter and SvelteKit's `handleError`.
 */

/** 8 hex digits: enough to find one log line, too short to say anything about the error. */
export const newInternalErrorId = () => crypto.randomUUID().replaceAll('-', '').slice(0, 8);

export const internalErrorMessage = (id: string) => `Internal error (id ${id})`;

/** The cause chain from which an error came in full, for the log only: names, messages, stacks. */
export function errorDetails(error: unknown, depth = 0): object {
	if (!(error instanceof Error)) return { value: String(error) };
	const details: Record<string, unknown> = {
		name: error.name,
		message: error.message,
		stack: error.stack
	};
	// A cause cycle, or a silly long chain, must not hang the logger.
	if (error.cause !== undefined && depth < 5) details.cause = errorDetails(error.cause, depth + 1);
	return details;
}
