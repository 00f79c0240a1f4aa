/** The span of a recording a replay shows, ms since the epoch. */
export interface TimeSpan {
	start: number;
	end: number;
}

/**
 * Where `time` falls across the span, 0 at its start and 1 at its end: the one mapping from
 * time to x that the slider and every mark on the activity strip use, so they line up.
 */
export function timeFraction(span: TimeSpan, time: number): number {
	const length = span.end - span.start;
	if (!(length > 0)) return 0;
	return Math.min(1, Math.max(0, (time - span.start) / length));
}

/** The instant at `fraction` of the span: `timeFraction` the other way round. */
export function timeAtFraction(span: TimeSpan, fraction: number): number {
	return span.start + Math.min(1, Math.max(0, fraction)) * (span.end - span.start);
}
