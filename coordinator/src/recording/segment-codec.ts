import { deflateRawSync, inflateRawSync } from 'node:zlib';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import {
	type EditEntry,
	type HistorySegment,
	segmentOf
} from '../../../src/lib/shared/history/seek';

/** A recorded update with everything stored about it. */
export interface RecordedUpdate {
	seq: number;
	participantId: string;
	clientTime: Date;
	receivedAt: Date;
	update: Uint8Array;
}

/** A decoded segment: what the replay needs, and when the coordinator received each update. */
export type StoredSegment = HistorySegment & { receivedAt: Date[] };

const formatVersion = 2;

/**
 * Author times are kept to the nearest 10 ms: finer than a screen refresh, and a byte less
 * per keystroke. Updates closer than that keep their order (by seq), just not their gap.
 */
export const authorTimeResolutionMs = 10;

const uuidBytes = (uuid: string) => Buffer.from(uuid.replaceAll('-', ''), 'hex');
const uuidOf = (bytes: Uint8Array) => {
	const hex = Buffer.from(bytes).toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/** Numbers as deltas from the one before (signed: times go back and forth between authors). */
function writeDeltas(encoder: encoding.Encoder, values: number[]) {
	let previous = 0;
	for (const value of values) {
		encoding.writeVarInt(encoder, value - previous);
		previous = value;
	}
}

function readDeltas(decoder: decoding.Decoder, count: number): number[] {
	let previous = 0;
	return Array.from({ length: count }, () => (previous += decoding.readVarInt(decoder)));
}

/**
 * Packs a run of recorded updates into one compressed blob: the updates merged into one
 * Yjs update (a burst of typing becomes a single struct), and per update, column by column,
 * its seq, author, author time, receive time, inserted range and deletions — like values
 * side by side compress far better than records interleaved.
 */
export function encodeSegment(updates: RecordedUpdate[]): Uint8Array {
	const { merged, entries } = segmentOf(
		updates.map((update) => ({ ...update, at: update.clientTime.getTime() }))
	);
	const participants = [...new Set(entries.map((entry) => entry.participantId))];
	const clients = [
		...new Set(
			entries.flatMap((entry) => [entry.client, ...entry.deletes.map(([client]) => client)])
		)
	];
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, formatVersion);
	encoding.writeVarUint(encoder, entries.length);
	encoding.writeVarUint(encoder, participants.length);
	for (const participant of participants) encoding.writeUint8Array(encoder, uuidBytes(participant));
	encoding.writeVarUint(encoder, clients.length);
	for (const client of clients) encoding.writeVarInt(encoder, client);

	writeDeltas(
		encoder,
		entries.map((entry) => entry.seq)
	);
	for (const entry of entries)
		encoding.writeVarUint(encoder, participants.indexOf(entry.participantId));
	writeDeltas(
		encoder,
		entries.map((entry) => Math.round(entry.at / authorTimeResolutionMs))
	);
	writeDeltas(
		encoder,
		updates.map((update) => update.receivedAt.getTime())
	);
	for (const entry of entries) encoding.writeVarUint(encoder, clients.indexOf(entry.client));
	writeDeltas(
		encoder,
		entries.map((entry) => entry.clockEnd)
	);
	for (const entry of entries) encoding.writeVarUint(encoder, entry.deletes.length);
	for (const entry of entries) {
		for (const [client, clock, len] of entry.deletes) {
			encoding.writeVarUint(encoder, clients.indexOf(client));
			encoding.writeVarUint(encoder, clock);
			encoding.writeVarUint(encoder, len);
		}
	}
	encoding.writeVarUint8Array(encoder, merged);
	return deflateRawSync(encoding.toUint8Array(encoder), { level: 9 });
}

export function decodeSegment(blob: Uint8Array): StoredSegment {
	const decoder = decoding.createDecoder(inflateRawSync(blob));
	const version = decoding.readVarUint(decoder);
	if (version !== formatVersion) throw new Error(`unknown segment format ${version}`);
	const count = decoding.readVarUint(decoder);
	const participants = Array.from({ length: decoding.readVarUint(decoder) }, () =>
		uuidOf(decoding.readUint8Array(decoder, 16))
	);
	const clients = Array.from({ length: decoding.readVarUint(decoder) }, () =>
		decoding.readVarInt(decoder)
	);
	const seqs = readDeltas(decoder, count);
	const authors = Array.from({ length: count }, () => participants[decoding.readVarUint(decoder)]!);
	const times = readDeltas(decoder, count).map((time) => time * authorTimeResolutionMs);
	const received = readDeltas(decoder, count);
	const inserters = Array.from({ length: count }, () => clients[decoding.readVarUint(decoder)]!);
	const clockEnds = readDeltas(decoder, count);
	const deleteCounts = Array.from({ length: count }, () => decoding.readVarUint(decoder));
	const entries: EditEntry[] = deleteCounts.map((deletes, index) => ({
		seq: seqs[index]!,
		participantId: authors[index]!,
		at: times[index]!,
		client: inserters[index]!,
		clockEnd: clockEnds[index]!,
		deletes: Array.from({ length: deletes }, (): [number, number, number] => [
			clients[decoding.readVarUint(decoder)]!,
			decoding.readVarUint(decoder),
			decoding.readVarUint(decoder)
		])
	}));
	const merged = decoding.readVarUint8Array(decoder).slice();
	return { merged, entries, receivedAt: received.map((time) => new Date(time)) };
}
