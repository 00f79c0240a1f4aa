import { publishesMedia } from '../protocol/video';
import type { Participant } from '../sync/presence';

/** A participant this peer should be in a call with. */
export interface PlannedCall {
	peerId: string;
	/** This side places the call; the other answers. */
	placesCall: boolean;
}

/**
 * The calls this peer should have: one with every other participant connected for video,
 * unless neither side sends anything (two observers). Exactly one side places each call: the
 * one whose peer id sorts first, so two peers never call each other at once.
 */
export function planCalls(
	self: { peerId: string; publishes: boolean },
	participants: readonly Participant[]
): PlannedCall[] {
	const planned = new Map<string, PlannedCall>();
	for (const participant of participants) {
		const peerId = participant.media?.peerId;
		// The same person in a second tab shares this peer's id: no call to oneself.
		if (!peerId || participant.isLocal || peerId === self.peerId) continue;
		if (!self.publishes && !publishesMedia(participant.role)) continue;
		planned.set(peerId, { peerId, placesCall: self.peerId < peerId });
	}
	return [...planned.values()];
}
