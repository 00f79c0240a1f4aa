export { handleError } from '$lib/server/handle-error';
