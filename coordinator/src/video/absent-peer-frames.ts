/**
 * Bounds on frames held for a peer id of the room that is not connected. A call needs an
 * offer and a few candidates (about 10 KB); `peer` itself would hold any number, of any size.
 */
export const absentPeerLimits = {
	/** Frames held for one destination. */
	framesPerDestination: 16,
	/** Frames one sender may have held, whatever their destinations. */
	framesPerSender: 32,
	/** Bytes one sender may have held. */
	bytesPerSender: 256 * 1024,
	/** How long a frame waits for its destination: `peer`'s own `expire_timeout`. */
	holdMs: 5_000
};
export type AbsentPeerLimits = typeof absentPeerLimits;

const sweepIntervalMs = 1_000;

/** The connection a held frame came from. */
export interface FrameSender {
	readonly peerId: string;
	readonly isOpen: boolean;
	/** Hands a frame (JSON text) to PeerJS, now that its destination is connected. */
	forward(frame: string): void;
	/** Tells the sender that what it sent `dst` was not delivered: PeerJS's EXPIRE. */
	expired(dst: string): void;
}

interface Held {
	sender: FrameSender;
	frame: string;
	heldAtMs: number;
}

/**
 * Offers, answers and candidates addressed to a peer id that has no open connection, held
 * until it connects (a peer reconnecting, or a page still opening its PeerJS connection) or
 * `holdMs` pass, as `peer` would do, but within `absentPeerLimits`. They are never handed to
 * `peer` before: its realm's message queues are unbounded.
 */
export class AbsentPeerFrames {
	private readonly byDestination = new Map<string, Held[]>();
	private readonly bySender = new Map<FrameSender, { frames: number; bytes: number }>();
	private readonly sweep: NodeJS.Timeout;

	constructor(
		private readonly limits: AbsentPeerLimits = absentPeerLimits,
		private readonly nowMs: () => number = Date.now
	) {
		this.sweep = setInterval(() => this.expire(), Math.min(sweepIntervalMs, limits.holdMs));
		this.sweep.unref();
	}

	/** Frames held now, for all destinations together. */
	get size(): number {
		let frames = 0;
		for (const queue of this.byDestination.values()) frames += queue.length;
		return frames;
	}

	/** Holds `frame` (JSON text) for `dst`; false, holding nothing, past a limit. */
	hold(sender: FrameSender, dst: string, frame: string): boolean {
		const queue = this.byDestination.get(dst) ?? [];
		const held = this.bySender.get(sender) ?? { frames: 0, bytes: 0 };
		if (
			queue.length >= this.limits.framesPerDestination ||
			held.frames >= this.limits.framesPerSender ||
			held.bytes + frame.length > this.limits.bytesPerSender
		) {
			return false;
		}
		queue.push({ sender, frame, heldAtMs: this.nowMs() });
		this.byDestination.set(dst, queue);
		this.bySender.set(sender, { frames: held.frames + 1, bytes: held.bytes + frame.length });
		return true;
	}

	/** Forwards, in order, what was held for `peerId`, which has just connected. */
	deliver(peerId: string) {
		const queue = this.byDestination.get(peerId);
		if (!queue) return;
		this.byDestination.delete(peerId);
		for (const held of queue) {
			this.release(held);
			if (held.sender.isOpen) held.sender.forward(held.frame);
		}
	}

	/**
	 * Drops what has waited `holdMs`; each sender hears EXPIRE once per destination, as from
	 * `peer` when its queued messages expire.
	 */
	expire() {
		const oldestKeptMs = this.nowMs() - this.limits.holdMs;
		for (const [dst, queue] of this.byDestination) {
			const expired = queue.filter((held) => held.heldAtMs <= oldestKeptMs);
			if (expired.length === 0) continue;
			const kept = queue.filter((held) => held.heldAtMs > oldestKeptMs);
			if (kept.length > 0) this.byDestination.set(dst, kept);
			else this.byDestination.delete(dst);
			for (const held of expired) this.release(held);
			for (const sender of new Set(expired.map((held) => held.sender))) {
				if (sender.isOpen) sender.expired(dst);
			}
		}
	}

	close() {
		clearInterval(this.sweep);
		this.byDestination.clear();
		this.bySender.clear();
	}

	private release(held: Held) {
		const count = this.bySender.get(held.sender);
		if (!count) return;
		if (count.frames <= 1) this.bySender.delete(held.sender);
		else
			this.bySender.set(held.sender, {
				frames: count.frames - 1,
				bytes: count.bytes - held.frame.length
			});
	}
}
