import type { HandleServerError } from '@sveltejs/kit';
import { errorDetails, internalErrorMessage, newInternalErrorId } from '../protocol/internal-error';

/**
 * SvelteKit's hook for unexpected errors while rendering or loading on the server: the page
 * shows "Internal error (id …)" and the log has the error in full under that id. A route that
 * does not exist stays a plain 404.
 * @see https://svelte.dev/docs/kit/hooks#Shared-hooks-handleError
 */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status === 404) return { message };
	const id = newInternalErrorId();
	const line = `${new Date().toISOString()} ERROR [sveltekit] ${internalErrorMessage(id)} in ${event.request.method} ${event.url.pathname}`;
	console.error(`${line} ${JSON.stringify({ status, error: errorDetails(error) })}`);
	return { message: internalErrorMessage(id) };
};
