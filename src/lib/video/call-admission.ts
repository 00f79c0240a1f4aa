import { peerIdOf } from '../protocol/video';
import type { VerifiedPeer } from '../shared/rules/update-policy';
import type { PlannedCall } from './call-plan';

/** What to do with an incoming call. */
export type CallVerdict =
	| { kind: 'answer' }
	/** Not due yet: the caller may be about to appear in presence. */
	| { kind: 'wait'; reason: string }
	| { kind: 'refuse'; reason: string };

export interface IncomingCall {
	/** The PeerJS id the call comes from (the coordinator admits each id only with its token). */
	peerId: string;
	/** Who the room token sent with the call says the caller is; null without a valid one. */
	caller: VerifiedPeer | null;
}

/**
 * Whether this page answers a call, with its camera and microphone. Only a participant who is
 * present — in the peer-gate-verified presence, so in `plan` — and due to call this page,
 * calling from the peer id issued to them, with their own valid room token, and, for an
 * observer, by a link not revoked. Anyone else gets nothing: the call is closed unanswered.
 */
export function judgeCall(
	call: IncomingCall,
	context: { roomId: string; plan: readonly PlannedCall[]; revokedLinks: ReadonlySet<string> }
): CallVerdict {
	const { caller } = call;
	if (!caller) return { kind: 'refuse', reason: 'no valid room token' };
	if (call.peerId !== peerIdOf(context.roomId, caller.participantId)) {
		return { kind: 'refuse', reason: 'the room token is not for this peer id' };
	}
	if (caller.observerLink !== undefined && context.revokedLinks.has(caller.observerLink)) {
		return { kind: 'refuse', reason: 'observer link revoked' };
	}
	const planned = context.plan.find((entry) => entry.peerId === call.peerId);
	if (!planned) return { kind: 'wait', reason: 'not present in the room' };
	if (planned.participantId !== caller.participantId || planned.role !== caller.role) {
		return { kind: 'refuse', reason: 'presence and room token disagree' };
	}
	if (planned.placesCall) return { kind: 'refuse', reason: 'this page places that call' };
	return { kind: 'answer' };
}
