/**
 * Every participant writes the room document under Yjs client ids from a block the
 * coordinator assigned at admission and named in the room token: ids
 * `block × clientBlockSize … block × clientBlockSize + clientBlockSize − 1`. Blocks of one
 * room never overlap, so an update's structs say by themselves whose they are, and nobody
 * can write (or upload) under someone else's client id.
 */
export const clientBlockSize = 1024;

/** Blocks are numbered from 1 and keep every client id a 32-bit unsigned integer, as Yjs picks them. */
export const maxClientBlock = 2 ** 32 / clientBlockSize - 1;

/** The `index`th client id of `block`. */
export function clientIdOf(block: number, index: number): number {
	if (!Number.isInteger(index) || index < 0 || index >= clientBlockSize) {
		throw new RangeError(`A client index must be an integer in 0…${clientBlockSize - 1}`);
	}
	return block * clientBlockSize + index;
}

/** The block a Yjs client id belongs to. */
export const blockOf = (client: number) => Math.floor(client / clientBlockSize);

/**
 * Who wrote with a client id, given participants and their blocks (null: from before blocks).
 */
export function authorsByBlock(participants: { id: string; clientBlock: number | null }[]) {
	const byBlock = new Map(
		participants.flatMap((participant) =>
			participant.clientBlock === null ? [] : [[participant.clientBlock, participant.id] as const]
		)
	);
	return (client: number) => byBlock.get(blockOf(client));
}

/** Whether the Yjs client id `client` belongs to `block`. */
export const isClientOfBlock = (client: number, block: number) => blockOf(client) === block;
