import { describe, expect, it } from 'vitest';
import {
	Awareness,
	applyAwarenessUpdate,
	encodeAwarenessUpdate,
	removeAwarenessStates
} from 'y-protocols/awareness';
import * as Y from 'yjs';
import { watchPresence, type Participant, type PresenceEvent, type PresenceUser } from './presence';

const user = (name: string, role: PresenceUser['role']): PresenceUser => ({
	participantId: `id-${name}`,
	name,
	role,
	color: '#000000',
	colorLight: '#00000033'
});

/** Copies `from`'s awareness state into `to`, as a provider would. */
function relay(from: Awareness, to: Awareness) {
	applyAwarenessUpdate(to, encodeAwarenessUpdate(from, [from.clientID]), 'remote');
}

describe('watchPresence', () => {
	it('reports others joining and leaving, but not the local peer', () => {
		const local = new Awareness(new Y.Doc());
		const remote = new Awareness(new Y.Doc());
		local.setLocalStateField('user', user('Ada', 'interviewer'));
		remote.setLocalStateField('user', user('Grace', 'candidate'));

		const events: PresenceEvent[] = [];
		let names: string[] = [];
		const stop = watchPresence(
			local,
			(participants, changes) => {
				names = participants.map((p) => p.name);
				events.push(...changes);
			},
			() => 42
		);
		expect(names).toEqual(['Ada']);
		expect(events).toEqual([]);

		relay(remote, local);
		expect(names).toEqual(['Ada', 'Grace']);
		expect(events).toEqual([{ kind: 'joined', name: 'Grace', role: 'candidate', at: 42 }]);

		let calls = 0;
		const countCalls = watchPresence(local, () => calls++);
		calls = 0;
		relay(remote, local); // a repeated state is not a second join
		remote.setLocalStateField('cursor', { anchor: 1, head: 1 });
		relay(remote, local); // nor is a cursor move, which need not re-render the participants
		expect(events).toHaveLength(1);
		expect(calls).toBe(0);
		remote.setLocalStateField('user', { ...user('Grace', 'candidate'), name: 'Grace H.' });
		relay(remote, local);
		expect(calls).toBe(1);
		expect(names).toEqual(['Ada', 'Grace H.']);
		expect(events).toHaveLength(1);
		countCalls();

		removeAwarenessStates(local, [remote.clientID], 'remote');
		expect(names).toEqual(['Ada']);
		expect(events[1]).toEqual({ kind: 'left', name: 'Grace H.', role: 'candidate', at: 42 });
		stop();
	});

	it('ignores peers whose user field is malformed', () => {
		const local = new Awareness(new Y.Doc());
		const forged = new Awareness(new Y.Doc());
		forged.setLocalStateField('user', { name: 'x'.repeat(500), role: 'admin' });
		local.setLocalStateField('user', user('Ada', 'interviewer'));
		const seen: string[][] = [];
		watchPresence(local, (participants) => seen.push(participants.map((p) => p.name)));
		relay(forged, local);
		expect(seen.at(-1)).toEqual(['Ada']);
	});

	it('reports a change of media (camera, microphone) without a join or leave event', () => {
		const local = new Awareness(new Y.Doc());
		const remote = new Awareness(new Y.Doc());
		local.setLocalStateField('user', user('Ada', 'interviewer'));
		remote.setLocalStateField('user', user('Grace', 'candidate'));
		relay(remote, local);
		let seen: Participant[] = [];
		const events: PresenceEvent[] = [];
		const stop = watchPresence(local, (participants, changes) => {
			seen = participants;
			events.push(...changes);
		});
		expect(seen.map((p) => p.media)).toEqual([null, null]);

		const media = { peerId: 'room_id-Grace', camera: true, microphone: true };
		remote.setLocalStateField('media', media);
		relay(remote, local);
		expect(seen[1]!.media).toEqual(media);
		remote.setLocalStateField('media', { ...media, camera: false });
		relay(remote, local);
		expect(seen[1]!.media).toEqual({ ...media, camera: false });
		remote.setLocalStateField('media', { peerId: 42 });
		relay(remote, local);
		expect(seen[1]!.media).toBeNull();
		// Someone else's peer id would show their video in this participant's tile.
		remote.setLocalStateField('media', { ...media, peerId: 'room_id-Ada' });
		relay(remote, local);
		expect(seen[1]!.media).toBeNull();
		expect(events).toEqual([]);
		stop();
	});
});
