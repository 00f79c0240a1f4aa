/** Shown for a time or duration that cannot be one, e.g. from a peer's broken clock. */
export const noTime = '—';

/** "1:05:09" or "5:09": a duration in ms, for timelines and lists; "—" if it is no number. */
export function formatDuration(ms: number): string {
	if (!Number.isFinite(ms)) return noTime;
	const total = Math.max(0, Math.round(ms / 1000));
	const hours = Math.floor(total / 3600);
	const minutes = Math.floor((total % 3600) / 60);
	const seconds = String(total % 60).padStart(2, '0');
	return hours
		? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}`
		: `${minutes}:${seconds}`;
}

/** Whether `ms` since the epoch is a moment a `Date` can hold. */
const isDate = (ms: number) => Number.isFinite(new Date(ms).getTime());

/**
 * `ms` since the epoch written by `format`, or "—" when it is no moment a `Date` can hold
 * (NaN, or beyond ±8.64e15 ms, where `format` throws a RangeError). Never throws.
 */
export function formatTime(ms: number, format: Intl.DateTimeFormat): string {
	return isDate(ms) ? format.format(ms) : noTime;
}

/** The ISO 8601 form of `ms`, for a `<time datetime>`; undefined when it is no moment. */
export function isoTime(ms: number): string | undefined {
	return isDate(ms) ? new Date(ms).toISOString() : undefined;
}

/** "1 h 5 min 9 s", "3 min 12 s", "25 min", "0 s": a duration in ms as a screen reader says it. */
export function spokenDuration(ms: number): string {
	if (!Number.isFinite(ms)) return noTime;
	const total = Math.max(0, Math.round(ms / 1000));
	const parts = [
		[Math.floor(total / 3600), 'h'],
		[Math.floor((total % 3600) / 60), 'min'],
		[total % 60, 's']
	] as const;
	const spoken = parts.filter(([count]) => count > 0).map(([count, unit]) => `${count} ${unit}`);
	return spoken.length ? spoken.join(' ') : '0 s';
}

/** "3 min 12 s of 25 min": where playback is in the recording, for `aria-valuetext`. */
export function spokenPosition(elapsedMs: number, totalMs: number): string {
	return `${spokenDuration(elapsedMs)} of ${spokenDuration(totalMs)}`;
}
