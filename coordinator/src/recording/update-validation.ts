import * as Y from 'yjs';
import { roomDocRoots } from '../../../src/lib/sync/room-doc';

export class InvalidUpdateError extends Error {
	override name = 'InvalidUpdateError';
}

/**
 * Checks that `bytes` decode as a Yjs update of a room document: every struct that names
 * its parent type names one of the room's (`code`, `chat`, `settings`). Throws
 * InvalidUpdateError with a readable reason otherwise.
 */
export function checkRoomUpdate(bytes: Uint8Array): void {
	let decoded: ReturnType<typeof Y.decodeUpdate>;
	try {
		decoded = Y.decodeUpdate(bytes);
	} catch {
		throw new InvalidUpdateError('not a Yjs update');
	}
	for (const struct of decoded.structs) {
		if (!(struct instanceof Y.Item)) continue;
		const parent = struct.parent;
		if (typeof parent === 'string' && !(roomDocRoots as readonly string[]).includes(parent)) {
			throw new InvalidUpdateError(`not an update of a room document (it edits '${parent}')`);
		}
	}
}
