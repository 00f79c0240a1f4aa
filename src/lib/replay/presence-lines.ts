import type { TimedSignal } from '$lib/shared/history/timeline';

/** "Grace joined" or "Grace left", as the replay's chat shows it at its moment. */
export interface PresenceLine {
	id: string;
	at: number;
	kind: 'joined' | 'left';
	name: string;
	role: string;
}

/**
 * The moments people came into the room and went, from the pages' recorded `joined` and
 * `left` signals. A person counts as in the room while any of their pages is: a second tab
 * joining, or one of two closing, is no line; a refresh is a leave and a join. Sorted by time.
 */
export function presenceLines(
	signals: (TimedSignal & { id: string })[],
	participants: { id: string; name: string; role: string }[]
): PresenceLine[] {
	const people = new Map(participants.map((person) => [person.id, person]));
	const openPages = new Map<string, number>();
	const lines: PresenceLine[] = [];
	const sorted = [...signals].sort((a, b) => a.at - b.at);
	for (const { id, participantId, at, signal } of sorted) {
		const person = people.get(participantId);
		if (!person || (signal.kind !== 'joined' && signal.kind !== 'left')) continue;
		const before = openPages.get(participantId) ?? 0;
		const after = Math.max(0, before + (signal.kind === 'joined' ? 1 : -1));
		openPages.set(participantId, after);
		if ((before === 0) !== (after === 0)) {
			lines.push({ id, at, kind: signal.kind, name: person.name, role: person.role });
		}
	}
	return lines;
}
