import type * as Y from 'yjs';
import { clientBlockSize, clientIdOf } from '../protocol/yjs-clients';

const storageKey = (participantId: string) => `pairdesk:yjs-client:${participantId}`;

/**
 * Makes `doc` write under the next unused Yjs client id of the participant's block: every
 * page load of the participant gets its own (Yjs must never see one client id in two live
 * documents), and peers and the coordinator accept its edits because the block is in its
 * room token. Must run before the document makes any edit. A participant admitted before
 * blocks existed keeps Yjs's random id.
 */
export function useParticipantClientId(
	doc: Y.Doc,
	participantId: string,
	clientBlock: number | null | undefined
) {
	if (clientBlock == null) return;
	const key = storageKey(participantId);
	const used = Number.parseInt(localStorage.getItem(key) ?? '0', 10);
	const index = Number.isInteger(used) && used >= 0 ? used % clientBlockSize : 0;
	localStorage.setItem(key, String(index + 1));
	doc.clientID = clientIdOf(clientBlock, index);
}
