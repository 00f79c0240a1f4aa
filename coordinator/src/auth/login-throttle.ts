export interface ThrottleOptions {
	/** Failures allowed before any delay applies. */
	freeFailures: number;
	/** Delay after the first failure past the free ones; doubles with each further failure. */
	baseDelayMs: number;
	maxDelayMs: number;
	/** A key with no failure for this long starts over. */
	forgetAfterMs: number;
	/** Keys tracked at most; the oldest are dropped first so memory stays bounded. */
	maxKeys: number;
	now: () => number;
}

interface FailureRecord {
	failures: number;
	lastFailureAt: number;
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Slows down repeated failed logins per key (an email, an IP address): after the free
 * failures, each attempt must wait an exponentially growing delay.
 */
export class LoginThrottle {
	readonly #options: ThrottleOptions;
	readonly #records = new Map<string, FailureRecord>();

	constructor(options: Partial<ThrottleOptions> = {}) {
		this.#options = {
			freeFailures: 5,
			baseDelayMs: 1000,
			maxDelayMs: 15 * 60_000,
			forgetAfterMs: 60 * 60_000,
			maxKeys: 10_000,
			now: Date.now,
			...options
		};
	}

	check(key: string): ThrottleVerdict {
		const record = this.#liveRecord(key);
		if (!record || record.failures < this.#options.freeFailures) return { allowed: true };
		const { baseDelayMs, maxDelayMs, freeFailures } = this.#options;
		const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** (record.failures - freeFailures));
		const retryAfterMs = record.lastFailureAt + delay - this.#options.now();
		return retryAfterMs > 0 ? { allowed: false, retryAfterMs } : { allowed: true };
	}

	recordFailure(key: string) {
		const record = this.#liveRecord(key) ?? { failures: 0, lastFailureAt: 0 };
		record.failures += 1;
		record.lastFailureAt = this.#options.now();
		// Re-inserting moves the key to the end, so the map stays ordered oldest-first.
		this.#records.delete(key);
		this.#records.set(key, record);
		if (this.#records.size > this.#options.maxKeys) {
			const oldest = this.#records.keys().next().value;
			if (oldest !== undefined) this.#records.delete(oldest);
		}
	}

	recordSuccess(key: string) {
		this.#records.delete(key);
	}

	#liveRecord(key: string): FailureRecord | undefined {
		const record = this.#records.get(key);
		if (record && this.#options.now() - record.lastFailureAt > this.#options.forgetAfterMs) {
			this.#records.delete(key);
			return undefined;
		}
		return record;
	}
}
