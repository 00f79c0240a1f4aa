import { publishesMedia } from '../protocol/video';
import type { RoomRole } from '../protocol/rooms';
import type { Participant } from '../sync/presence';

/** A participant this peer should be in a call with. */
export interface PlannedCall {
	peerId: string;
	/** Who that is, as the peer-gate-verified presence says. */
	participantId: string;
	role: RoomRole;
	/** This side places the call; the other answers. */
	placesCall: boolean;
}

/**
 * Whether this side places the call with `other`. Whoever only watches (an observer) calls,
 * presenting its room token with the call, so that the side that sends camera and microphone
 * checks it — and the observer link in it — before answering with them. Between two who
 * both send, the one whose peer id sorts first calls, so two peers never call each other.
 */
function placesCall(self: { peerId: string; publishes: boolean }, other: Participant) {
	const otherPublishes = publishesMedia(other.role);
	if (self.publishes !== otherPublishes) return !self.publishes;
	return self.peerId < other.media!.peerId;
}

/**
 * The calls this peer should have: one with every other participant present and connected
 * for video, unless neither side sends anything (two observers), and exactly one side
 * places each. `participants` is the verified presence (presence.ts behind the peer gate).
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
		planned.set(peerId, {
			peerId,
			participantId: participant.participantId,
			role: participant.role,
			placesCall: placesCall(self, participant)
		});
	}
	return [...planned.values()].sort((a, b) => (a.peerId < b.peerId ? -1 : 1));
}

/** Whether two plans hold the same calls: presence changes far more often than they do. */
export function samePlan(a: readonly PlannedCall[], b: readonly PlannedCall[]): boolean {
	return (
		a.length === b.length &&
		a.every(
			(call, index) =>
				call.peerId === b[index]!.peerId &&
				call.participantId === b[index]!.participantId &&
				call.role === b[index]!.role &&
				call.placesCall === b[index]!.placesCall
		)
	);
}
