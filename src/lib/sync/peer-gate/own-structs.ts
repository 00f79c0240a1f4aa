import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { isClientOfBlock } from '../../protocol/yjs-clients';
import { deletionRootsResolver } from '../../shared/rules/update-summary';

type Struct = Y.Item | Y.GC | Y.Skip;

/** What of an update a peer takes from its sender, and what it left out. */
export interface OwnPart {
	/** The update with only what the sender may send; null when nothing is left. */
	update: Uint8Array | null;
	/** Structs of other clients this document does not have yet (left out). */
	foreign: number;
	/** Deletions of chat lines (left out: chat is append-only). */
	chatDeletions: number;
	/**
	 * Deletions of what this document does not have yet, so cannot tell whether it is chat:
	 * for the caller to hold and take (through `ownPart` again) once it is known.
	 */
	deferred: Uint8Array | null;
}

type Ranges = Map<number, { clock: number; len: number }[]>;

const appendRange = (ranges: Ranges, client: number, range: { clock: number; len: number }) => {
	const list = ranges.get(client) ?? [];
	list.push(range);
	ranges.set(client, list);
};

export interface OwnPartOptions {
	/** The sender's block of Yjs client ids; null: anyone's structs (an interviewer relays). */
	block: number | null;
	/** The document the update is about to be applied to. */
	doc: Y.Doc;
}

/**
 * The part of `update` a peer takes from its sender: only structs of the sender's own Yjs
 * client ids (others' reach this page from their authors, an interviewer, or the record),
 * and its deletions except of chat lines — a deletion carries no author, and chat is
 * append-only for everyone. Copies of structs this document has already are left out
 * silently; deletions of what it does not have yet are handed back, to wait. Throws if the
 * update does not decode.
 */
export function ownPart(update: Uint8Array, { block, doc }: OwnPartOptions): OwnPart {
	const decoded = Y.decodeUpdate(update);
	let foreign = 0;
	const kept = new Map<number, Struct[]>();
	for (const struct of decoded.structs) {
		const { client, clock } = struct.id;
		if (block !== null && !isClientOfBlock(client, block)) {
			if (clock + struct.length > Y.getState(doc.store, client)) foreign += 1;
			continue;
		}
		const structs = kept.get(client) ?? [];
		structs.push(struct);
		kept.set(client, structs);
	}
	let chatDeletions = 0;
	const deletedRoots = deletionRootsResolver(doc, decoded.structs);
	const deletions: Ranges = new Map();
	const deferred: Ranges = new Map();
	let keptRanges = 0;
	let allRanges = 0;
	for (const [client, ranges] of decoded.ds.clients) {
		for (const range of ranges) {
			allRanges += 1;
			const roots = deletedRoots(client, range.clock, range.len);
			if (roots === null) appendRange(deferred, client, range);
			else if (roots.has('chat') || roots.has('observerChat')) chatDeletions += 1;
			else {
				appendRange(deletions, client, range);
				keptRanges += 1;
			}
		}
	}
	const held = deferred.size ? encodeUpdate(new Map(), deferred) : null;
	const unchanged = foreign === 0 && keptRanges === allRanges && kept.size === clientsIn(decoded);
	if (unchanged) return { update, foreign, chatDeletions, deferred: held };
	if (!kept.size && !deletions.size)
		return { update: null, foreign, chatDeletions, deferred: held };
	return { update: encodeUpdate(kept, deletions), foreign, chatDeletions, deferred: held };
}

const clientsIn = (decoded: ReturnType<typeof Y.decodeUpdate>) =>
	new Set(decoded.structs.map((struct) => struct.id.client)).size;

/** A Yjs update (format v1) of these structs, each client's in clock order, and deletions. */
function encodeUpdate(structs: Map<number, Struct[]>, deletions: Ranges): Uint8Array {
	const encoder = new Y.UpdateEncoderV1();
	encoding.writeVarUint(encoder.restEncoder, structs.size);
	for (const [client, clientStructs] of structs) {
		encoding.writeVarUint(encoder.restEncoder, clientStructs.length);
		encoder.writeClient(client);
		encoding.writeVarUint(encoder.restEncoder, clientStructs[0]!.id.clock);
		for (const struct of clientStructs) struct.write(encoder, 0);
	}
	encoding.writeVarUint(encoder.restEncoder, deletions.size);
	for (const [client, ranges] of deletions) {
		encoder.resetDsCurVal();
		encoding.writeVarUint(encoder.restEncoder, client);
		encoding.writeVarUint(encoder.restEncoder, ranges.length);
		for (const { clock, len } of ranges) {
			encoder.writeDsClock(clock);
			encoder.writeDsLen(len);
		}
	}
	return encoder.toUint8Array();
}
