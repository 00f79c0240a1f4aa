import { z } from 'zod';

/** The earliest time a participant's page may give: before pairdesk existed. */
export const earliestEpochMs = Date.UTC(2020, 0, 1);
/**
 * The latest: far past any real clock, and far inside what `Date` can hold (±8.64e15 ms), so
 * that formatting such a time never throws.
 */
export const latestEpochMs = Date.UTC(2100, 0, 1);

/**
 * A moment given by a participant's page (its own clock), in whole milliseconds since the
 * epoch, between 2020 and 2100. Peers' clocks drift, so this bounds the value to what any
 * clock could say, without comparing it with this machine's.
 */
export const EpochMs = z
	.number()
	.int({ error: 'A time must be whole milliseconds since the epoch' })
	.min(earliestEpochMs, { error: 'A time must not be before 2020' })
	.max(latestEpochMs, { error: 'A time must not be after 2100' });
