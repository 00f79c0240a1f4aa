/**
 * Collects items and hands them to `run` together once the current task's synchronous code
 * is done, in a microtask. Work queued from a Yjs `'update'` listener thus runs after every
 * other listener of that update — y-webrtc's, which sends it to the peers — and yet before
 * the browser does anything else: no reload, closed tab or `pagehide` comes in between, so
 * what `run` makes durable is as durable as if it had run in the listener.
 */
export function endOfTaskBatch<T>(run: (items: T[]) => void) {
	let items: T[] = [];
	const flush = () => {
		if (!items.length) return;
		const batch = items;
		items = [];
		run(batch);
	};
	return {
		push(item: T) {
			if (!items.length) queueMicrotask(flush);
			items.push(item);
		},
		/** Runs what is queued now (it is not run again at the end of the task). */
		flush,
		get pending() {
			return items.length > 0;
		}
	};
}
