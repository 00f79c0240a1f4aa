import { toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import type { z } from 'zod';
import { ChatMessage, SignedChatMessage, StoredChatMessage } from '../../protocol/chat';
import { Language } from '../../protocol/languages';
import { maxRunInputBytes } from '../../protocol/runs';

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

/** The chat lines in the document that read as `schema`, with the Yjs client that wrote each. */
function parsedChat<T extends ChatMessage>(room: RoomDoc, schema: z.ZodType<T>) {
	const parse = (entries: { value: unknown; client: number }[]) =>
		entries.flatMap(({ value, client }) => {
			const parsed = schema.safeParse(value);
			return parsed.success ? [{ line: parsed.data, client }] : [];
		});
	return {
		lines: parse(entriesWithClients(room.chat)),
		// Only observers write that root: a line in anyone else's name there is misplaced.
		observerLines: parse(mapEntriesWithClients(room.observerChat)).filter(
			({ line }) => line.role === 'observer'
		)
	};
}

/**
 * The chat as stored, observers' lines among the others by time sent. Entries a
 * misbehaving peer wrote in the wrong shape, or under an id already used, are skipped: the
 * id keys the rendered list. With `authorOf` (the record knows every participant's block of
 * Yjs client ids), a line counts only if the client that wrote it is its author's.
 */
export function readChat(room: RoomDoc, authorOf?: ClientAuthor): ChatMessage[] {
	const seenIds = new Set<string>();
	const take = (entries: { line: ChatMessage; client: number }[]) =>
		entries.flatMap(({ line, client }) => {
			if (seenIds.has(line.id)) return [];
			if (authorOf && authorOf(client) !== line.authorId) return [];
			seenIds.add(line.id);
			return [line];
		});
	const { lines, observerLines } = parsedChat(room, ChatMessage);
	return mergeBySentAt(take(lines), take(observerLines));
}

/**
 * The signed chat lines in the document, in the order `readChat` gives, each still to be
 * verified (chat-signature.ts) before a page shows it, and how many other lines it holds
 * (unsigned, or signed in the wrong shape). Ids are not deduplicated here: a forged line
 * must not hide the real one behind its id, so that is done among verified lines.
 */
export function readSignedChat(room: RoomDoc): { lines: SignedChatMessage[]; unsigned: number } {
	const signed = parsedChat(room, SignedChatMessage);
	const readable = parsedChat(room, ChatMessage);
	const count = (chat: { lines: unknown[]; observerLines: unknown[] }) =>
		chat.lines.length + chat.observerLines.length;
	return {
		lines: mergeBySentAt(
			signed.lines.map(({ line }) => line),
			signed.observerLines.map(({ line }) => line)
		),
		unsigned: count(readable) - count(signed)
	};
}

/** Slots `extra` into `lines` by time sent, leaving the order of `lines` as it is. */
function mergeBySentAt<T extends ChatMessage>(lines: T[], extra: T[]): T[] {
	if (!extra.length) return lines;
	const pending = [...extra].sort((a, b) => a.sentAt - b.sentAt);
	const merged: T[] = [];
	for (const line of lines) {
		while (pending.length && pending[0]!.sentAt < line.sentAt) merged.push(pending.shift()!);
		merged.push(line);
	}
	return [...merged, ...pending];
}

/**
 * Adds a line: live pages add signed ones (chat-signature.ts), which are all they show;
 * an unsigned one is as the document held them before lines were signed.
 */
export function appendChat(room: RoomDoc, message: StoredChatMessage) {
	const line = StoredChatMessage.parse(message);
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
