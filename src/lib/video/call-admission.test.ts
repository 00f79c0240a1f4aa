import { describe, expect, it } from 'vitest';
import { peerIdOf } from '../protocol/video';
import type { VerifiedPeer } from '../shared/rules/update-policy';
import { judgeCall } from './call-admission';
import type { PlannedCall } from './call-plan';

const roomId = 'room-1';
const candidate: VerifiedPeer = { participantId: 'cand', role: 'candidate', name: 'Grace' };
const observer: VerifiedPeer = {
	participantId: 'obs',
	role: 'observer',
	name: 'Watcher',
	observerLink: 'link-1'
};
const due = (peer: VerifiedPeer, placesCall = false): PlannedCall => ({
	peerId: peerIdOf(roomId, peer.participantId),
	participantId: peer.participantId,
	role: peer.role,
	placesCall
});
const incoming = (
	caller: VerifiedPeer | null,
	peerId = peerIdOf(roomId, caller!.participantId)
) => ({
	peerId,
	caller
});
const judge = (
	call: ReturnType<typeof incoming>,
	plan: PlannedCall[],
	revokedLinks: string[] = []
) => judgeCall(call, { roomId, plan, revokedLinks: new Set(revokedLinks) }).kind;

describe('hostile: calls only from verified participants (judgeCall)', () => {
	it('answers a present participant due to call, with their own token', () => {
		expect(judge(incoming(candidate), [due(candidate)])).toBe('answer');
		expect(judge(incoming(observer), [due(observer)])).toBe('answer');
	});

	it('refuses a caller without a valid room token', () => {
		const peerId = peerIdOf(roomId, candidate.participantId);
		expect(judge({ peerId, caller: null }, [due(candidate)])).toBe('refuse');
	});

	it('waits for a caller with a valid token who is not present yet, instead of answering', () => {
		expect(judge(incoming(candidate), [])).toBe('wait');
		expect(judge(incoming(candidate), [due(observer)])).toBe('wait');
	});

	it("refuses a token that is not the caller's peer id's, or of another room", () => {
		const someoneElses = incoming(candidate, peerIdOf(roomId, observer.participantId));
		expect(judge(someoneElses, [due(candidate), due(observer)])).toBe('refuse');
		const otherRoom = incoming(candidate, peerIdOf('room-2', candidate.participantId));
		expect(judge(otherRoom, [due(candidate)])).toBe('refuse');
	});

	it('refuses an observer whose link was revoked, present or not', () => {
		expect(judge(incoming(observer), [due(observer)], ['link-1'])).toBe('refuse');
		expect(judge(incoming(observer), [], ['link-1'])).toBe('refuse');
		expect(judge(incoming(observer), [due(observer)], ['link-2'])).toBe('answer');
	});

	it('refuses when presence and the token disagree on the role', () => {
		const claimed = { ...due(observer), role: 'candidate' as const };
		expect(judge(incoming(observer), [claimed])).toBe('refuse');
	});

	it('refuses a call this page is due to place itself', () => {
		expect(judge(incoming(candidate), [due(candidate, true)])).toBe('refuse');
	});
});
