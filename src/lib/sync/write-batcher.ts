export interface WriteBatcherOptions {
	/** Quiet time after the last change before writing. */
	idleMs: number;
	/** Longest a change waits while changes keep coming. */
	maxWaitMs: number;
	write: () => void;
}

/**
 * Coalesces a burst of changes into one write: it writes after `idleMs` without a change,
 * or `maxWaitMs` after the first unwritten change, whichever comes first.
 */
export function createWriteBatcher({ idleMs, maxWaitMs, write }: WriteBatcherOptions) {
	let idleTimer: ReturnType<typeof setTimeout> | undefined;
	let firstPendingAt: number | undefined;

	function flush() {
		clearTimeout(idleTimer);
		idleTimer = undefined;
		if (firstPendingAt === undefined) return;
		firstPendingAt = undefined;
		write();
	}

	return {
		changed() {
			const now = Date.now();
			firstPendingAt ??= now;
			clearTimeout(idleTimer);
			const wait = Math.min(idleMs, firstPendingAt + maxWaitMs - now);
			idleTimer = setTimeout(flush, Math.max(0, wait));
		},
		/** Writes now if anything is pending. */
		flush,
		get pending() {
			return firstPendingAt !== undefined;
		},
		cancel() {
			clearTimeout(idleTimer);
			idleTimer = undefined;
			firstPendingAt = undefined;
		}
	};
}
