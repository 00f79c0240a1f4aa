import { errorMessage } from '$lib/trpc';

/**
 * The state of a form that calls the coordinator: `busy` while `action` runs, and the
 * coordinator's message in `error` when it fails. Use `submit` as the form's `onsubmit`.
 */
export function formSubmission(action: () => Promise<unknown>) {
	let busy = $state(false);
	let error = $state('');
	return {
		get busy() {
			return busy;
		},
		get error() {
			return error;
		},
		clearError() {
			error = '';
		},
		async submit(event: SubmitEvent) {
			event.preventDefault();
			busy = true;
			error = '';
			try {
				await action();
			} catch (caught) {
				error = errorMessage(caught);
			} finally {
				busy = false;
			}
		}
	};
}
