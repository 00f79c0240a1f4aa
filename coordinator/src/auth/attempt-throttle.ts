import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** At most `points` attempts per `durationSeconds` for one key; past them it waits `blockSeconds`. */
export interface AttemptLimit {
	points: number;
	durationSeconds: number;
	blockSeconds: number;
	/** After an attempt that succeeded: `reset` the key, or `refund` just that attempt. */
	onSuccess: 'reset' | 'refund';
}

/**
 * Where a limit's counters live: in this process, or — for several coordinators — in a store
 * they share (rate-limiter-flexible's `RateLimiterRedis` takes the same options and API).
 */
export type CounterStore = (name: string, limit: AttemptLimit) => RateLimiterAbstract;

export const memoryCounters: CounterStore = (name, limit) =>
	new RateLimiterMemory({
		keyPrefix: name,
		points: limit.points,
		duration: limit.durationSeconds,
		blockDuration: limit.blockSeconds
	});

export type AttemptVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Counts attempts (logins, room-password guesses) against several limits, each under its own
 * key. An attempt is counted before it is checked, with rate-limiter-flexible's atomic
 * `consume`, so however many arrive at once — in one batch, or concurrently — no more than
 * the limit get checked at all.
 */
export class AttemptThrottle<Name extends string> {
	readonly #limits: [Name, AttemptLimit, RateLimiterAbstract][];

	constructor(limits: Record<Name, AttemptLimit>, store: CounterStore = memoryCounters) {
		this.#limits = (Object.entries(limits) as [Name, AttemptLimit][]).map(([name, limit]) => [
			name,
			limit,
			store(name, limit)
		]);
	}

	/**
	 * Counts one attempt under each limit in the order they were given, and refuses at the
	 * first one that is spent; the limits after it are not charged. A failing store rejects.
	 */
	async consume(keys: Record<Name, string>): Promise<AttemptVerdict> {
		for (const [name, , counters] of this.#limits) {
			try {
				await counters.consume(keys[name]);
			} catch (refusal) {
				if (!(refusal instanceof RateLimiterRes)) throw refusal;
				return { allowed: false, retryAfterMs: refusal.msBeforeNext };
			}
		}
		return { allowed: true };
	}

	/** After an attempt that succeeded: each limit resets its key or refunds the attempt. */
	async succeeded(keys: Record<Name, string>): Promise<void> {
		for (const [name, limit, counters] of this.#limits) {
			if (limit.onSuccess === 'reset') await counters.delete(keys[name]);
			else await counters.reward(keys[name]);
		}
	}
}
