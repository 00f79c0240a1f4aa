import { describe, expect, it } from 'vitest';
import type { Participant } from '../sync/presence';
import { planCalls } from './call-plan';

let clientId = 0;
const person = (
	peerId: string | null,
	role: Participant['role'] = 'candidate',
	isLocal = false
): Participant => ({
	participantId: `participant-${peerId}`,
	name: `Person ${peerId}`,
	role,
	color: '#000',
	colorLight: '#0003',
	clientId: clientId++,
	isLocal,
	media: peerId ? { peerId, camera: true, microphone: true } : null
});

describe('planCalls', () => {
	it('has the peer whose id sorts first place the call, so each pair calls once', () => {
		const people = [person('b', 'interviewer', true), person('a'), person('c')];
		expect(planCalls({ peerId: 'b', publishes: true }, people)).toEqual([
			{ peerId: 'a', placesCall: false },
			{ peerId: 'c', placesCall: true }
		]);
		const fromA = planCalls({ peerId: 'a', publishes: true }, [person('b', 'interviewer')]);
		expect(fromA).toEqual([{ peerId: 'b', placesCall: true }]);
	});

	it('leaves out whoever is not connected for video yet, and this peer in another tab', () => {
		const people = [person('b', 'interviewer', true), person(null), person('b')];
		expect(planCalls({ peerId: 'b', publishes: true }, people)).toEqual([]);
	});

	it('calls each peer once when it shows up twice (two tabs of one participant)', () => {
		const people = [person('a'), person('c'), person('c')];
		expect(planCalls({ peerId: 'b', publishes: true }, people)).toHaveLength(2);
	});

	it('connects an observer with those who publish, but not two observers', () => {
		const people = [person('a', 'interviewer'), person('c', 'observer')];
		expect(planCalls({ peerId: 'b', publishes: false }, people)).toEqual([
			{ peerId: 'a', placesCall: false }
		]);
		expect(planCalls({ peerId: 'd', publishes: true }, people)).toHaveLength(2);
	});
});
