import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { isClientOfBlock } from '../../protocol/yjs-clients';
import { participantColor } from '../colors';
import type { VerifiedPeer } from '../../shared/rules/update-policy';

interface AwarenessEntry {
	clientId: number;
	clock: number;
	state: {
		user?: { participantId?: unknown; name?: unknown; role?: unknown; color?: unknown };
	} | null;
}

/**
 * Keeps the entries of an awareness update (y-protocols/awareness) that tell the truth about
 * who is present. A state is the sender's own: its awareness id is one of the sender's Yjs
 * client ids and it names the sender as its token does (participant, name, role, colour).
 * A removal may only take away a state of the sender's (or one not known here). Others'
 * states, which y-webrtc passes on, are left out: each peer hears them from their owners.
 * Returns the update with only those entries (re-encoded if any was dropped), how many were
 * dropped, and how many of those claimed to be someone else.
 */
export function filterPresence(
	update: Uint8Array,
	sender: VerifiedPeer,
	currentState: (clientId: number) => AwarenessEntry['state'] | undefined
): { update: Uint8Array; dropped: number; forged: number } {
	const entries = decodeEntries(update);
	const isSenders = (clientId: number) =>
		sender.clientBlock !== undefined && isClientOfBlock(clientId, sender.clientBlock);
	let forged = 0;
	const truthful = entries.filter(({ clientId, state }) => {
		if (state === null) {
			const current = currentState(clientId);
			return isSenders(clientId) || !current;
		}
		if (!isSenders(clientId)) return false;
		const user = state.user;
		const color =
			sender.colorIndex === undefined ? undefined : participantColor(sender.colorIndex).color;
		const honest =
			user?.participantId === sender.participantId &&
			user.name === sender.name &&
			user.role === sender.role &&
			(color === undefined || user.color === color);
		// A state without a user (a page still starting) claims nobody.
		if (!honest && user !== undefined && user !== null) forged += 1;
		return honest;
	});
	const dropped = entries.length - truthful.length;
	return { update: dropped ? encodeEntries(truthful) : update, dropped, forged };
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
