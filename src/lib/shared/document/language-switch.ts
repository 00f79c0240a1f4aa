import type { StoredChatMessage } from '../../protocol/chat';
import type { RoomRole } from '../../protocol/rooms';
import {
	isEmptyOrStarter,
	languageIds,
	starterCode,
	type Language
} from '../../protocol/languages';
import {
	appendChat,
	readControls,
	readEndedAt,
	readLanguage,
	writeLanguage,
	type RoomDoc
} from './room-doc';

/**
 * The origin of the transactions below: local, so they are recorded and sent like any edit,
 * but not the editor's, so Ctrl+Z does not take a starter back out from under the language.
 */
export const starterOrigin = Symbol('pairdesk:starter');

function replaceCode(room: RoomDoc, code: string) {
	room.code.delete(0, room.code.length);
	room.code.insert(0, code);
}

/**
 * Switches the room to `to` for everyone, in one Yjs transaction: the language, the code —
 * `to`'s starter if the buffer was empty or still the starter of the language it had, kept
 * otherwise — and `announcement`, the switcher's chat line saying so. Nothing happens if the
 * room already is in `to`. `fallback` is the language of a room that never set one.
 */
export function switchLanguage(
	room: RoomDoc,
	to: Language,
	{ fallback, announcement }: { fallback: Language; announcement?: StoredChatMessage }
) {
	const from = readLanguage(room, fallback);
	if (from === to) return;
	room.doc.transact(() => {
		if (isEmptyOrStarter(room.code.toString(), from)) replaceCode(room, starterCode[to]);
		writeLanguage(room, to);
		if (announcement) appendChat(room, announcement);
	}, starterOrigin);
}

/** Whether a participant in `role` may write code in the room as its document stands. */
function mayWriteCode(room: RoomDoc, role: RoomRole): boolean {
	if (role === 'observer' || readEndedAt(room) !== null) return false;
	return role === 'interviewer' || !readControls(room).editorLocked;
}

/**
 * Gives a room nobody has written code or a language in its language's starter, with that
 * language set, in one transaction. For a page that has its local copy and the record: two
 * pages doing it at once leave two starters, which `keepOneStarter` makes one.
 */
export function seedNewRoom(
	room: RoomDoc,
	{ language, role }: { language: Language; role: RoomRole }
) {
	if (room.code.length > 0 || room.settings.has('language') || !mayWriteCode(room, role)) return;
	room.doc.transact(() => {
		room.code.insert(0, starterCode[language]);
		writeLanguage(room, language);
	}, starterOrigin);
}

// Nothing but starters is at most a few of them: longer code is never looked at.
const longestStarter = Math.max(...languageIds.map((id) => starterCode[id].length));
const maxStartersLength = 8 * longestStarter;

/** The starters `code` consists of, end to end, with where each is; null if anything else is in it. */
function asStarters(code: string): { language: Language; from: number; to: number }[] | null {
	const pieces: { language: Language; from: number; to: number }[] = [];
	// No starter begins another, so at each point at most one fits.
	for (let at = 0; at < code.length;) {
		const language = languageIds.find((id) => code.startsWith(starterCode[id], at));
		if (!language) return null;
		const to = at + starterCode[language].length;
		pieces.push({ language, from: at, to });
		at = to;
	}
	return pieces;
}

/**
 * Where concurrent switches (or seeds) met — each page put its starter in, and Yjs keeps
 * every insertion — the buffer holds several starters and nothing else. Deletes all but the
 * first of the room's language's. Deleting the same characters twice is the same deletion,
 * so every page that sees this and may write code does it, and they agree: one starter in
 * the buffer. Returns whether it changed anything.
 */
export function keepOneStarter(room: RoomDoc, fallback: Language): boolean {
	if (room.code.length > maxStartersLength) return false;
	const pieces = asStarters(room.code.toString());
	if (!pieces || pieces.length < 2) return false;
	const language = readLanguage(room, fallback);
	const kept = pieces.findIndex((piece) => piece.language === language);
	if (kept < 0) return false;
	room.doc.transact(() => {
		for (const [index, piece] of [...pieces.entries()].reverse()) {
			if (index !== kept) room.code.delete(piece.from, piece.to - piece.from);
		}
	}, starterOrigin);
	return true;
}
