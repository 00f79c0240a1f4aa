import { decodeJwt } from 'jose';

// setTimeout fires at once for delays above 2^31 - 1 ms (about 24.8 days).
const maxTimerDelayMs = 2 ** 31 - 1;

/**
 * Calls `onExpiry` once the `exp` of a token that was already verified has passed (at once if
 * it has), so that a connection lives no longer than the token that opened it.
 * @returns a function that cancels the watch
 */
export function whenTokenExpires(verifiedToken: string, onExpiry: () => void): () => void {
	// The token was verified by the caller, so decoding it again only reads the trusted `exp`.
	const expiresAtMs = (decodeJwt(verifiedToken).exp ?? 0) * 1000;
	let timer: NodeJS.Timeout | undefined;
	const arm = () => {
		const remainingMs = expiresAtMs - Date.now();
		if (remainingMs <= 0) return onExpiry();
		timer = setTimeout(arm, Math.min(remainingMs, maxTimerDelayMs));
	};
	arm();
	return () => clearTimeout(timer);
}
