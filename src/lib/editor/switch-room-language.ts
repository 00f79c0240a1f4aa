import { signChatLine, type ChatSigner } from '../protocol/chat-signature';
import { languageLabels, type Language } from '../protocol/languages';
import type { RoomRole } from '../protocol/rooms';
import { switchLanguage } from '../shared/document/language-switch';
import { readLanguage, type RoomDoc } from '../shared/document/room-doc';

/** Who switches: the page's participant, as its admission names them. */
export interface Switcher {
	roomId: string;
	participantId: string;
	name: string;
	role: RoomRole;
	/** Signs the chat line that tells the room; without one the switch goes unannounced. */
	chatSigner: ChatSigner | null;
}

/**
 * Switches the room's language to `to` for everyone, with the starter where the buffer was
 * empty or untouched, and a chat line signed by the switcher, "Ada switched to Go", all in
 * one change (language-switch.ts). `fallback` is the language of a room that never set one.
 */
export async function switchRoomLanguage(
	room: RoomDoc,
	to: Language,
	{ fallback, by }: { fallback: Language; by: Switcher }
): Promise<void> {
	if (readLanguage(room, fallback) === to) return;
	const announcement = by.chatSigner
		? await signChatLine(by.chatSigner, by.roomId, {
				id: crypto.randomUUID(),
				authorId: by.participantId,
				author: by.name,
				role: by.role,
				text: `switched to ${languageLabels[to]}`,
				sentAt: Date.now(),
				event: 'language-switch'
			})
		: undefined;
	switchLanguage(room, to, { fallback, announcement });
}
