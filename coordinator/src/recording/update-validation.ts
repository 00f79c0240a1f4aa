import * as Y from 'yjs';
import { isClientOfBlock } from '../../../src/lib/protocol/yjs-clients';
import { roomDocRoots } from '../../../src/lib/shared/document/room-doc';

export class InvalidUpdateError extends Error {
	override name = 'InvalidUpdateError';
}

/** What the room's editors put in an item: text and JSON values (the document nests no types). */
const editorContents = [Y.ContentString, Y.ContentAny, Y.ContentDeleted];

/**
 * Checks that `bytes` are a Yjs update a participant's own page could have made, before it
 * is stored: it decodes and applies, holds only items (no garbage-collected or skipped
 * ranges, which no edit produces) written under the uploader's Yjs client ids, with editor
 * content, in the room document's shared types. Throws InvalidUpdateError with a readable
 * reason otherwise. `clientBlock` is the uploader's block (none: it may add no content).
 */
export function checkRoomUpdate(bytes: Uint8Array, clientBlock: number | undefined): void {
	let decoded: ReturnType<typeof Y.decodeUpdate>;
	try {
		decoded = Y.decodeUpdate(bytes);
	} catch {
		throw new InvalidUpdateError('not a Yjs update');
	}
	for (const struct of decoded.structs) {
		if (!(struct instanceof Y.Item)) {
			throw new InvalidUpdateError('holds garbage-collected or skipped ranges, not edits');
		}
		const { client } = struct.id;
		if (clientBlock === undefined || !isClientOfBlock(client, clientBlock)) {
			throw new InvalidUpdateError(`holds edits of Yjs client ${client}, which is not yours`);
		}
		if (!editorContents.some((kind) => struct.content instanceof kind)) {
			throw new InvalidUpdateError(`holds ${struct.content.constructor.name}, not editor content`);
		}
		const parent = struct.parent;
		if (typeof parent === 'string' && !(roomDocRoots as readonly string[]).includes(parent)) {
			throw new InvalidUpdateError(`not an update of a room document (it edits '${parent}')`);
		}
	}
	// Decoding is lenient where integrating is not: the update must also apply by itself
	// (what it refers to and is not in it waits, as in any peer's document).
	const scratch = new Y.Doc({ gc: false });
	try {
		Y.applyUpdate(scratch, bytes);
	} catch {
		throw new InvalidUpdateError('does not apply to a document');
	} finally {
		scratch.destroy();
	}
}
