import { describe, expect, it } from 'vitest';
import type { Participant } from '../sync/presence';
import { planCalls, samePlan } from './call-plan';

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

const planned = (peerId: string, role: Participant['role'], placesCall: boolean) => ({
	peerId,
	participantId: `participant-${peerId}`,
	role,
	placesCall
});

describe('planCalls', () => {
	it('has the peer whose id sorts first place the call, so each pair calls once', () => {
		const people = [person('b', 'interviewer', true), person('a'), person('c')];
		expect(planCalls({ peerId: 'b', publishes: true }, people)).toEqual([
			planned('a', 'candidate', false),
			planned('c', 'candidate', true)
		]);
		const fromA = planCalls({ peerId: 'a', publishes: true }, [person('b', 'interviewer')]);
		expect(fromA).toEqual([planned('b', 'interviewer', true)]);
	});

	it('leaves out whoever is not connected for video yet, and this peer in another tab', () => {
		const people = [person('b', 'interviewer', true), person(null), person('b')];
		expect(planCalls({ peerId: 'b', publishes: true }, people)).toEqual([]);
	});

	it('calls each peer once when it shows up twice (two tabs of one participant)', () => {
		const people = [person('a'), person('c'), person('c')];
		expect(planCalls({ peerId: 'b', publishes: true }, people)).toHaveLength(2);
	});

	it('has an observer call those who publish, whatever the ids, and two observers not at all', () => {
		const people = [person('a', 'interviewer'), person('c', 'observer')];
		expect(planCalls({ peerId: 'b', publishes: false }, people)).toEqual([
			planned('a', 'interviewer', true)
		]);
		expect(planCalls({ peerId: 'd', publishes: true }, people)).toEqual([
			planned('a', 'interviewer', false),
			planned('c', 'observer', false)
		]);
	});

	it('gives the same plan for presence that changed only in what does not decide the calls', () => {
		const before = [person('a', 'interviewer', true), person('c')];
		const after = [
			{ ...before[0]!, name: 'Renamed', clientId: 99 },
			{ ...before[1]!, media: { peerId: 'c', camera: false, microphone: false } }
		];
		const self = { peerId: 'a', publishes: true };
		expect(samePlan(planCalls(self, before), planCalls(self, after))).toBe(true);
		expect(samePlan(planCalls(self, before), planCalls(self, [before[0]!]))).toBe(false);
		const asObserver = [before[0]!, { ...before[1]!, role: 'observer' as const }];
		expect(samePlan(planCalls(self, before), planCalls(self, asObserver))).toBe(false);
	});
});
