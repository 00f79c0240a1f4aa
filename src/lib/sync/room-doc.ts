import { toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import { ChatMessage } from '../protocol/chat';
import { Language } from '../protocol/languages';
import { maxRunInputBytes } from '../protocol/runs';

/** The shared parts of one room's Yjs document. */
export interface RoomDoc {
	doc: Y.Doc;
	code: Y.Text;
	chat: Y.Array<unknown>;
	/**
	 * Observers' chat lines, by id. A line set under a new key names this root in its own
	 * bytes, so anyone can tell an observer's update is nothing but chat without the
	 * document (observer-chat.ts).
	 */
	observerChat: Y.Map<unknown>;
	settings: Y.Map<unknown>;
}

/** The shared types at the root of every room document. */
export const roomDocRoots = ['code', 'chat', 'observerChat', 'settings'] as const;

export function roomDoc(doc: Y.Doc = new Y.Doc()): RoomDoc {
	return {
		doc,
		code: doc.getText('code'),
		chat: doc.getArray('chat'),
		observerChat: doc.getMap('observerChat'),
		settings: doc.getMap('settings')
	};
}

/** Who wrote with a Yjs client id: the participant whose block holds it, if known. */
export type ClientAuthor = (clientId: number) => string | undefined;

/** The values of a shared array with the Yjs client that inserted each. */
function entriesWithClients(array: Y.Array<unknown>): { value: unknown; client: number }[] {
	const entries: { value: unknown; client: number }[] = [];
	for (let item = array._start; item; item = item.right) {
		if (item.deleted || !item.countable) continue;
		for (const value of item.content.getContent()) entries.push({ value, client: item.id.client });
	}
	return entries;
}

/** The values of a shared map with the Yjs client that set each. */
function mapEntriesWithClients(map: Y.Map<unknown>): { value: unknown; client: number }[] {
	return [...map._map.values()]
		.filter((item) => !item.deleted)
		.map((item) => ({ value: item.content.getContent().at(-1), client: item.id.client }));
}

/**
 * The chat as stored, observers' lines among the others by time sent. Entries a
 * misbehaving peer wrote in the wrong shape, or under an id already used, are skipped: the
 * id keys the rendered list. With `authorOf` (the record knows every participant's block of
 * Yjs client ids), a line counts only if the client that wrote it is its author's.
 */
export function readChat(room: RoomDoc, authorOf?: ClientAuthor): ChatMessage[] {
	const seenIds = new Set<string>();
	const take = (
		entries: { value: unknown; client: number }[],
		accept: (line: ChatMessage) => boolean
	) =>
		entries.flatMap(({ value, client }) => {
			const parsed = ChatMessage.safeParse(value);
			if (!parsed.success || seenIds.has(parsed.data.id) || !accept(parsed.data)) return [];
			if (authorOf && authorOf(client) !== parsed.data.authorId) return [];
			seenIds.add(parsed.data.id);
			return [parsed.data];
		});
	const lines = take(entriesWithClients(room.chat), () => true);
	const observerLines = take(
		mapEntriesWithClients(room.observerChat),
		(line) => line.role === 'observer'
	);
	return mergeBySentAt(lines, observerLines);
}

/** Slots `extra` into `lines` by time sent, leaving the order of `lines` as it is. */
function mergeBySentAt(lines: ChatMessage[], extra: ChatMessage[]): ChatMessage[] {
	if (!extra.length) return lines;
	const pending = [...extra].sort((a, b) => a.sentAt - b.sentAt);
	const merged: ChatMessage[] = [];
	for (const line of lines) {
		while (pending.length && pending[0]!.sentAt < line.sentAt) merged.push(pending.shift()!);
		merged.push(line);
	}
	return [...merged, ...pending];
}

export function appendChat(room: RoomDoc, message: ChatMessage) {
	const line = ChatMessage.parse(message);
	if (line.role === 'observer') room.observerChat.set(line.id, line);
	else room.chat.push([line]);
}

/** Calls `onChange` whenever the chat changes; returns a function that stops. */
export function observeChat(room: RoomDoc, onChange: () => void): () => void {
	room.chat.observe(onChange);
	room.observerChat.observe(onChange);
	return () => {
		room.chat.unobserve(onChange);
		room.observerChat.unobserve(onChange);
	};
}

/** The room's shared language, or `fallback` until someone sets one. */
export function readLanguage(room: RoomDoc, fallback: Language): Language {
	const parsed = Language.safeParse(room.settings.get('language'));
	return parsed.success ? parsed.data : fallback;
}

export function writeLanguage(room: RoomDoc, language: Language) {
	room.settings.set('language', Language.parse(language));
}

/** The shared stdin box: what the next run reads. Longer text than a run accepts is cut. */
export function readStdin(room: RoomDoc): string {
	const value = room.settings.get('stdin');
	return typeof value === 'string' ? value.slice(0, maxStdinChars) : '';
}

export function writeStdin(room: RoomDoc, stdin: string) {
	room.settings.set('stdin', stdin.slice(0, maxStdinChars));
}

// Characters, a cheap bound; the coordinator checks the run's real limit in bytes.
const maxStdinChars = maxRunInputBytes;

/** When the interviewer ended the interview (ms since the epoch), or null while it runs. */
export function readEndedAt(room: RoomDoc): number | null {
	const value = room.settings.get('endedAt');
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function writeEndedAt(room: RoomDoc, endedAt: number) {
	room.settings.set('endedAt', endedAt);
}

/** What the interviewer allows: the candidate editing, observers chatting. */
export interface RoomControls {
	/** The candidate's editor is read-only while locked. */
	editorLocked: boolean;
	observersMayChat: boolean;
}

export function readControls(room: RoomDoc): RoomControls {
	return {
		editorLocked: room.settings.get('editorLocked') === true,
		observersMayChat: room.settings.get('observersMayChat') === true
	};
}

export function writeControl(room: RoomDoc, control: keyof RoomControls, value: boolean) {
	room.settings.set(control, value);
}

/** Observer links the interviewer revoked: peers hang up on observers who came in by them. */
export function readRevokedObserverLinks(room: RoomDoc): string[] {
	const value = room.settings.get('revokedObserverLinks');
	return Array.isArray(value) ? value.filter((id) => typeof id === 'string') : [];
}

export function writeRevokedObserverLink(room: RoomDoc, linkId: string) {
	const revoked = readRevokedObserverLinks(room);
	if (!revoked.includes(linkId)) room.settings.set('revokedObserverLinks', [...revoked, linkId]);
}

/**
 * The document as a Yjs snapshot — how far each client's edits go, and what is deleted —
 * in base64: what the ending page sends with End, the bound of what the record may still receive.
 */
export const encodeRoomSnapshot = (room: RoomDoc) =>
	toBase64(Y.encodeSnapshot(Y.snapshot(room.doc)));
