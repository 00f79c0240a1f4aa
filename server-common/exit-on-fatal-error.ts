import type { Logger } from './logger';

const describe = (error: unknown) =>
	error instanceof Error ? { error: error.message, stack: error.stack } : { error: String(error) };

/**
 * The last resort of a process entry (the coordinator, the stand-alone runner): an exception
 * nothing caught, or a rejection nothing handled, is logged and the process exits with status
 * 1 for its supervisor to restart it (README, "Running in production"). Node's docs warn that
 * resuming after 'uncaughtException' is unsafe, so this never tries to: every socket and
 * stream listener has its own guard, and reaching this is a bug.
 * @see https://nodejs.org/api/process.html#warning-using-uncaughtexception-correctly
 */
export function exitOnFatalError(log: Logger) {
	process.on('uncaughtException', (error) => {
		log.error('uncaught exception: exiting', describe(error));
		process.exit(1);
	});
	process.on('unhandledRejection', (reason) => {
		log.error('unhandled rejection: exiting', describe(reason));
		process.exit(1);
	});
}
