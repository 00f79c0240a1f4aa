import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { clientIdOf } from '../../protocol/yjs-clients';
import { participantColor } from '../colors';
import { filterPresence } from './presence-filter';
import type { VerifiedPeer } from '../../shared/rules/update-policy';

const interviewer: VerifiedPeer = {
	participantId: 'i',
	role: 'interviewer',
	name: 'Ada',
	clientBlock: 7,
	colorIndex: 0
};
const observer: VerifiedPeer = {
	participantId: 'o',
	role: 'observer',
	name: 'Grace',
	clientBlock: 9,
	colorIndex: 2
};
const userOf = (peer: VerifiedPeer) => ({
	participantId: peer.participantId,
	name: peer.name,
	role: peer.role,
	...participantColor(peer.colorIndex!)
});

/** The awareness update of a page writing as Yjs client `clientId`, whose user claims `user`. */
function presenceOf(user: object | null, clientId = clientIdOf(observer.clientBlock!, 0)) {
	const doc = new Y.Doc();
	doc.clientID = clientId;
	const awareness = new Awareness(doc);
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
	filterPresence(update, sender, () => current as never);

describe('hostile: presence only as the sender’s token names it (filterPresence)', () => {
	it("passes on the sender's own presence, as its token names it", () => {
		const { update, dropped } = filter(presenceOf(userOf(observer)).update);
		expect(dropped).toBe(0);
		expect(applied(update)).toEqual([userOf(observer)]);
	});

	it('drops presence under another identity, role, name or colour, or without a user', () => {
		for (const user of [
			userOf(interviewer),
			{ ...userOf(observer), role: 'interviewer' },
			{ ...userOf(observer), name: 'Ada' },
			{ ...userOf(observer), color: 'red;position:fixed;inset:0;background:url(//evil)' },
			{ ...userOf(observer), color: participantColor(5).color },
			null
		]) {
			const { update, dropped, forged } = filter(presenceOf(user).update);
			expect({ dropped, forged }).toEqual({ dropped: 1, forged: user === null ? 0 : 1 });
			expect(applied(update)).toEqual([]);
		}
	});

	it("leaves out states of others' client ids, relayed or forged, without calling it forgery", () => {
		const relayed = presenceOf(userOf(interviewer), clientIdOf(interviewer.clientBlock!, 3));
		expect(filter(relayed.update)).toMatchObject({ dropped: 1, forged: 0 });
		// The interviewer's own page may send it.
		expect(filter(relayed.update, interviewer).dropped).toBe(0);
	});

	it('lets a peer remove only its own presence', () => {
		const { awareness } = presenceOf(userOf(interviewer), clientIdOf(interviewer.clientBlock!, 0));
		awareness.setLocalState(null);
		const removal = encodeAwarenessUpdate(awareness, [awareness.clientID]);
		const interviewersState = { user: { participantId: 'i' } };
		expect(filter(removal, observer, interviewersState).dropped).toBe(1);
		expect(filter(removal, interviewer, interviewersState).dropped).toBe(0);
	});
});
