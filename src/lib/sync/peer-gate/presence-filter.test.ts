import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { filterPresence } from './presence-filter';
import type { VerifiedPeer } from './update-policy';

const interviewer: VerifiedPeer = { participantId: 'i', role: 'interviewer', name: 'Ada' };
const observer: VerifiedPeer = { participantId: 'o', role: 'observer', name: 'Grace' };
const known = new Map([interviewer, observer].map((peer) => [peer.participantId, peer]));

/** The awareness update of a new page whose user claims to be `user`. */
function presenceOf(user: object | null) {
	const awareness = new Awareness(new Y.Doc());
	awareness.setLocalStateField('user', user);
	return { awareness, update: encodeAwarenessUpdate(awareness, [awareness.clientID]) };
}

function applied(update: Uint8Array) {
	const receiver = new Awareness(new Y.Doc());
	applyAwarenessUpdate(receiver, update, 'test');
	return [...receiver.getStates()]
		.filter(([clientId]) => clientId !== receiver.clientID)
		.map(([, state]) => state.user);
}

const filter = (update: Uint8Array, sender = observer, current?: object) =>
	filterPresence(
		update,
		sender,
		(id) => known.get(id),
		() => current as never
	);

describe('filterPresence', () => {
	it('passes on the presence of participants as their tokens name them, relayed or not', () => {
		for (const user of [
			{ participantId: 'o', name: 'Grace', role: 'observer' },
			{ participantId: 'i', name: 'Ada', role: 'interviewer' }
		]) {
			const { update, dropped } = filter(presenceOf(user).update);
			expect(dropped).toBe(0);
			expect(applied(update)).toEqual([user]);
		}
	});

	it('drops presence under another role or name, of nobody known, or without a user', () => {
		for (const user of [
			{ participantId: 'o', name: 'Grace', role: 'interviewer' },
			{ participantId: 'o', name: 'Ada', role: 'observer' },
			{ participantId: 'x', name: 'Eve', role: 'observer' },
			null
		]) {
			const { update, dropped } = filter(presenceOf(user).update);
			expect(dropped).toBe(1);
			expect(applied(update)).toEqual([]);
		}
	});

	it('lets a peer remove only its own presence', () => {
		const { awareness } = presenceOf({ participantId: 'i', name: 'Ada', role: 'interviewer' });
		awareness.setLocalState(null);
		const removal = encodeAwarenessUpdate(awareness, [awareness.clientID]);
		const interviewersState = { user: { participantId: 'i' } };
		expect(filter(removal, observer, interviewersState).dropped).toBe(1);
		expect(filter(removal, interviewer, interviewersState).dropped).toBe(0);
	});
});
