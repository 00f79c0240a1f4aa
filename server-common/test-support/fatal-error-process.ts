// A process that installs the fatal-error handler and then fails as `argv[2]` says, for
// exit-on-fatal-error.test.ts to watch from outside.
import { exitOnFatalError } from '../exit-on-fatal-error';
import { createLogger } from '../logger';

exitOnFatalError(createLogger('fatal-error-test'));
const failure = process.argv[2];
setTimeout(() => {
	if (failure === 'throw') throw new RangeError('Maximum call stack size exceeded');
	if (failure === 'reject') void Promise.reject(new Error('nobody handles this'));
}, 10);
// Kept alive, so that only the handler can end the process.
setInterval(() => {}, 1000);
