import {
	nextEventAfter,
	previousEventBefore,
	skipIdle,
	type Timeline
} from '$lib/shared/history/timeline';

/** Playback speeds the replay offers. */
export const playbackSpeeds = [1, 2, 4, 8, 16, 32] as const;
export type PlaybackSpeed = (typeof playbackSpeeds)[number];

/** Where a replay is and how it moves: playing at a speed, seeking, stepping, event to event. */
export class ReplayPlayback {
	playing = $state(false);
	speed = $state<PlaybackSpeed>(1);
	skipIdleTime = $state(true);
	#time = $state(0);
	#lastTick = 0;
	#animation = 0;

	constructor(private readonly timeline: Timeline) {
		this.#time = timeline.start;
	}

	/** The instant shown, ms since the epoch. */
	get time() {
		return this.#time;
	}

	/** Moves to `to`, kept within the recording. */
	seek(to: number) {
		this.#time = Math.min(this.timeline.end, Math.max(this.timeline.start, to));
	}

	step(ms: number) {
		this.seek(this.#time + ms);
	}

	/** To the start of the next event (`1`) or of the one before (`-1`); stays past the last. */
	toEvent(direction: 1 | -1) {
		const to =
			direction > 0
				? nextEventAfter(this.timeline, this.#time)
				: previousEventBefore(this.timeline, this.#time);
		if (to !== null) this.seek(to);
	}

	togglePlay() {
		this.playing = !this.playing;
		if (!this.playing) return cancelAnimationFrame(this.#animation);
		if (this.#time >= this.timeline.end) this.#time = this.timeline.start;
		this.#lastTick = performance.now();
		this.#animation = requestAnimationFrame(this.#tick);
	}

	#tick = (now: number) => {
		if (!this.playing) return;
		let next = this.#time + (now - this.#lastTick) * this.speed;
		this.#lastTick = now;
		if (this.skipIdleTime) next = skipIdle(this.timeline, next);
		if (next >= this.timeline.end) {
			this.#time = this.timeline.end;
			this.playing = false;
			return;
		}
		this.#time = next;
		this.#animation = requestAnimationFrame(this.#tick);
	};

	destroy() {
		this.playing = false;
		cancelAnimationFrame(this.#animation);
	}
}
