import { deflateRawSync, inflateRawSync } from 'node:zlib';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** A recorded update with everything stored about it. */
export interface RecordedUpdate {
	seq: number;
	participantId: string;
	clientTime: Date;
	receivedAt: Date;
	update: Uint8Array;
}

const formatVersion = 1;

const uuidBytes = (uuid: string) => Buffer.from(uuid.replaceAll('-', ''), 'hex');
const uuidOf = (bytes: Uint8Array) => {
	const hex = Buffer.from(bytes).toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/**
 * Packs a run of recorded updates into one compressed blob. Column by column — sequence
 * deltas, authors, author-time deltas, receive-time deltas, lengths, then the update bytes —
 * because like values side by side compress far better than records interleaved.
 */
export function encodeSegment(updates: RecordedUpdate[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, formatVersion);
	encoding.writeVarUint(encoder, updates.length);
	const participants = [...new Set(updates.map((update) => update.participantId))];
	encoding.writeVarUint(encoder, participants.length);
	for (const participant of participants) encoding.writeUint8Array(encoder, uuidBytes(participant));

	const column = (value: (update: RecordedUpdate) => number, signed: boolean) => {
		let previous = 0;
		for (const update of updates) {
			const current = value(update);
			if (signed) encoding.writeVarInt(encoder, current - previous);
			else encoding.writeVarUint(encoder, current - previous);
			previous = current;
		}
	};
	column((update) => update.seq, false);
	for (const update of updates)
		encoding.writeVarUint(encoder, participants.indexOf(update.participantId));
	// Uploads arrive out of author-time order, so these deltas can be negative.
	column((update) => update.clientTime.getTime(), true);
	column((update) => update.receivedAt.getTime(), true);
	for (const update of updates) encoding.writeVarUint(encoder, update.update.length);
	for (const update of updates) encoding.writeUint8Array(encoder, update.update);
	return deflateRawSync(encoding.toUint8Array(encoder), { level: 9 });
}

export function decodeSegment(blob: Uint8Array): RecordedUpdate[] {
	const decoder = decoding.createDecoder(inflateRawSync(blob));
	const version = decoding.readVarUint(decoder);
	if (version !== formatVersion) throw new Error(`unknown segment format ${version}`);
	const count = decoding.readVarUint(decoder);
	const participants = Array.from({ length: decoding.readVarUint(decoder) }, () =>
		uuidOf(decoding.readUint8Array(decoder, 16))
	);
	const column = (signed: boolean) => {
		let previous = 0;
		return Array.from({ length: count }, () => {
			previous += signed ? decoding.readVarInt(decoder) : decoding.readVarUint(decoder);
			return previous;
		});
	};
	const seqs = column(false);
	const authors = Array.from({ length: count }, () => participants[decoding.readVarUint(decoder)]!);
	const clientTimes = column(true);
	const receivedTimes = column(true);
	const lengths = Array.from({ length: count }, () => decoding.readVarUint(decoder));
	return lengths.map((length, index) => ({
		seq: seqs[index]!,
		participantId: authors[index]!,
		clientTime: new Date(clientTimes[index]!),
		receivedAt: new Date(receivedTimes[index]!),
		update: decoding.readUint8Array(decoder, length).slice()
	}));
}
