import type { TRPCDefaultErrorShape, TRPCError, TRPCProcedureType } from '@trpc/server';
import { ZodError } from 'zod';
import {
	errorDetails,
	internalErrorMessage,
	newInternalErrorId
} from '../../src/lib/protocol/internal-error';
import { createLogger } from '../../server-common/logger';

const log = createLogger('trpc');

/** "title: Title must not be empty; language: Invalid option" — for people, not parsers. */
function readableZodMessage(error: ZodError): string {
	return error.issues
		.map((issue) =>
			issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message
		)
		.join('; ');
}

interface FormatterInput {
	shape: TRPCDefaultErrorShape;
	error: TRPCError;
	path: string | undefined;
	type: TRPCProcedureType | 'unknown';
}

/**
 * What a client sees of an error. A deliberate error (a TRPCError with a code other than
 * INTERNAL_SERVER_ERROR, or a bad input) keeps its message, with zod's field errors. Anything
 * else — a failed query, a plain Error — answers only "Internal error (id …)": its message
 * may hold the query and its parameters (a password hash, a room secret), so it goes to the
 * log under that id. No response carries a stack.
 * @see https://trpc.io/docs/server/error-formatting
 */
export function formatError({ shape, error, path, type }: FormatterInput) {
	const { stack: _stack, ...data } = shape.data;
	if (error.code === 'INTERNAL_SERVER_ERROR') {
		const id = newInternalErrorId();
		log.error(`${internalErrorMessage(id)} in ${type} ${path ?? '(no path)'}`, {
			error: errorDetails(error.cause ?? error)
		});
		return { ...shape, message: internalErrorMessage(id), data: { ...data, zodError: null } };
	}
	const zodError = error.cause instanceof ZodError ? error.cause : null;
	return {
		...shape,
		message: zodError ? readableZodMessage(zodError) : shape.message,
		data: { ...data, zodError: zodError ? zodError.flatten() : null }
	};
}
