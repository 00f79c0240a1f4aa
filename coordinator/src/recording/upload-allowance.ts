import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { RecordedEntry } from '../../../src/lib/protocol/recording';

export class UploadRateError extends Error {
	override name = 'UploadRateError';
}

/** Bytes of updates and signals each person may upload a minute. */
export class UploadAllowance {
	// Atomic check-and-count, and keys of quiet uploaders expire by themselves.
	private readonly limiter: RateLimiterMemory;

	constructor(private readonly bytesPerMinute: number) {
		this.limiter = new RateLimiterMemory({ points: bytesPerMinute, duration: 60 });
	}

	/** Counts the entries' bytes against `key`'s minute; throws UploadRateError past it. */
	async charge(key: string, entries: RecordedEntry[]) {
		const bytes = entries.reduce(
			(sum, entry) =>
				sum +
				(entry.type === 'update'
					? Buffer.byteLength(entry.update, 'base64')
					: JSON.stringify(entry).length),
			0
		);
		if (!bytes) return;
		try {
			await this.limiter.consume(key, bytes);
		} catch (error) {
			if (!(error instanceof RateLimiterRes)) throw error;
			// A refused upload is retried whole: it must not count against the minute twice.
			await this.limiter.reward(key, bytes);
			throw new UploadRateError(
				`Uploads are limited to ${this.bytesPerMinute / 1024 / 1024} MB a minute: retry in ${Math.ceil(error.msBeforeNext / 1000)} s`
			);
		}
	}
}
