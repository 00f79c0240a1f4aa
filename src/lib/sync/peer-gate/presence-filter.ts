import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { VerifiedPeer } from './update-policy';

interface AwarenessEntry {
	clientId: number;
	clock: number;
	state: { user?: { participantId?: unknown; name?: unknown; role?: unknown } } | null;
}

/** Who is known to be who: the peers whose tokens this page checked, and itself. */
export type Identities = (participantId: string) => VerifiedPeer | undefined;

/**
 * Keeps the entries of an awareness update (y-protocols/awareness) that tell the truth about
 * who is present: a state must name a participant whose token this page checked, under that
 * token's name and role; a removal may only take away the sender's own state (or one not
 * known here). Returns the update with only those entries (re-encoded if any was dropped)
 * and how many were dropped.
 */
export function filterPresence(
	update: Uint8Array,
	sender: VerifiedPeer,
	identities: Identities,
	currentState: (clientId: number) => AwarenessEntry['state'] | undefined
): { update: Uint8Array; dropped: number } {
	const entries = decodeEntries(update);
	const truthful = entries.filter(({ clientId, state }) => {
		if (state === null) {
			const current = currentState(clientId);
			return !current || current.user?.participantId === sender.participantId;
		}
		const user = state.user;
		const known = typeof user?.participantId === 'string' && identities(user.participantId);
		return !!known && known.name === user!.name && known.role === user!.role;
	});
	const dropped = entries.length - truthful.length;
	return { update: dropped ? encodeEntries(truthful) : update, dropped };
}

function decodeEntries(update: Uint8Array): AwarenessEntry[] {
	const decoder = decoding.createDecoder(update);
	return Array.from({ length: decoding.readVarUint(decoder) }, () => ({
		clientId: decoding.readVarUint(decoder),
		clock: decoding.readVarUint(decoder),
		state: JSON.parse(decoding.readVarString(decoder))
	}));
}

function encodeEntries(entries: AwarenessEntry[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const { clientId, clock, state } of entries) {
		encoding.writeVarUint(encoder, clientId);
		encoding.writeVarUint(encoder, clock);
		encoding.writeVarString(encoder, JSON.stringify(state));
	}
	return encoding.toUint8Array(encoder);
}
