/**
 * How far the server's clock is ahead of this browser's, from the server time a response
 * carried and when the request went out and came back: the server read its clock about
 * halfway between the two.
 */
export function serverOffsetMs(serverNow: string, sentAt: number, receivedAt: number): number {
	return Date.parse(serverNow) - (sentAt + receivedAt) / 2;
}

/** Milliseconds until `at` by the server's clock, given the browser's time; 0 once it is past. */
export function msUntil(at: string, offsetMs: number, browserNow: number): number {
	return Math.max(0, Date.parse(at) - (browserNow + offsetMs));
}
