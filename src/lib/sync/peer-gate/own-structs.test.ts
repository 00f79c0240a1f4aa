import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { clientIdOf } from '../../protocol/yjs-clients';
import {
	appendChat,
	roomDoc,
	writeControl,
	writeRevokedObserverLink
} from '../../shared/document/room-doc';
import { ownPart } from './own-structs';
import { summarizeUpdate, summarizeUpdates } from '../../shared/rules/update-summary';

const aliceBlock = 11;
const bobBlock = 12;

/** A page writing as the first client of `block`; `edit` returns the update it made. */
function pageOf(block: number) {
	const room = roomDoc();
	room.doc.clientID = clientIdOf(block, 0);
	return {
		room,
		edit(change: () => void): Uint8Array {
			let made: Uint8Array | undefined;
			const capture = (update: Uint8Array) => (made = update);
			room.doc.on('update', capture);
			change();
			room.doc.off('update', capture);
			return made!;
		},
		receive(update: Uint8Array) {
			Y.applyUpdate(room.doc, update, 'peer');
		}
	};
}

const textOf = (...updates: Uint8Array[]) => {
	const doc = new Y.Doc();
	for (const update of updates) Y.applyUpdate(doc, update);
	return doc.getText('code').toString();
};

const line = (id: string) => ({
	id,
	authorId: 'a',
	author: 'Alice',
	role: 'candidate' as const,
	text: 'hello',
	sentAt: 1_700_000_000_000
});

describe('hostile: a page takes from a peer only its own structs and no chat deletion (ownPart)', () => {
	// Also the canary for yjs 13.6.33's internals own-structs.ts writes with (UpdateEncoderV1's
	// restEncoder, Item.write): a re-encoded update must apply as the original would.
	it("keeps only the sender's structs from a sync answer holding everyone's", () => {
		const alice = pageOf(aliceBlock);
		const bob = pageOf(bobBlock);
		bob.receive(alice.edit(() => alice.room.code.insert(0, 'alice ')));
		bob.edit(() => bob.room.code.insert(6, 'bob'));
		const answer = Y.encodeStateAsUpdate(bob.room.doc);

		const part = ownPart(answer, { block: bobBlock, doc: new Y.Doc() });
		expect(part.foreign).toBe(1);
		const decoded = Y.decodeUpdate(part.update!);
		expect(decoded.structs.map((struct) => struct.id.client)).toEqual([clientIdOf(bobBlock, 0)]);
		// What was left out arrives from its author; then both apply as they would have.
		expect(textOf(Y.encodeStateAsUpdate(alice.room.doc), part.update!)).toBe('alice bob');
	});

	it('leaves an update as it is when everything in it is the sender’s, or an interviewer relays', () => {
		const alice = pageOf(aliceBlock);
		const update = alice.edit(() => alice.room.code.insert(0, 'x'));
		expect(ownPart(update, { block: aliceBlock, doc: new Y.Doc() }).update).toBe(update);
		expect(ownPart(update, { block: null, doc: new Y.Doc() }).update).toBe(update);
	});

	it('leaves out copies of others’ structs this page has already, without counting them', () => {
		const alice = pageOf(aliceBlock);
		const bob = pageOf(bobBlock);
		const known = alice.edit(() => alice.room.code.insert(0, 'a'));
		bob.receive(known);
		const part = ownPart(Y.encodeStateAsUpdate(bob.room.doc), {
			block: bobBlock,
			doc: bob.room.doc
		});
		expect(part).toMatchObject({ update: null, foreign: 0 });
	});

	it('drops deletions of chat lines from anyone, and keeps deletions of code', () => {
		const alice = pageOf(aliceBlock);
		const bob = pageOf(bobBlock);
		bob.receive(alice.edit(() => appendChat(alice.room, line('l1'))));
		bob.receive(alice.edit(() => alice.room.code.insert(0, 'typo')));
		const deleteChat = bob.edit(() => bob.room.chat.delete(0, 1));
		const deleteCode = bob.edit(() => bob.room.code.delete(0, 4));

		for (const block of [bobBlock, null]) {
			const chat = ownPart(deleteChat, { block, doc: alice.room.doc });
			expect(chat).toMatchObject({ update: null, chatDeletions: 1 });
		}
		const code = ownPart(deleteCode, { block: bobBlock, doc: alice.room.doc });
		expect(code).toMatchObject({ chatDeletions: 0, deferred: null });
		expect(code.update).toBe(deleteCode);
	});

	it('hands back deletions of what the page does not have yet, and takes them once it does', () => {
		const alice = pageOf(aliceBlock);
		const bob = pageOf(bobBlock);
		const typed = alice.edit(() => alice.room.code.insert(0, 'gone'));
		bob.receive(typed);
		const deletion = bob.edit(() => bob.room.code.delete(0, 4));

		const late = pageOf(13);
		const early = ownPart(deletion, { block: bobBlock, doc: late.room.doc });
		expect(early.update).toBeNull();
		expect(early.deferred).not.toBeNull();
		late.receive(typed);
		const now = ownPart(early.deferred!, { block: bobBlock, doc: late.room.doc });
		late.receive(now.update!);
		expect(late.room.code.toString()).toBe('');
	});
});

describe('summarizeUpdate', () => {
	it('names the settings key of an overwrite, which the update itself does not carry', () => {
		const alice = pageOf(aliceBlock);
		const bob = pageOf(bobBlock);
		bob.receive(alice.edit(() => writeControl(alice.room, 'editorLocked', true)));
		const overwrite = bob.edit(() => writeControl(bob.room, 'editorLocked', false));
		const [item] = Y.decodeUpdate(overwrite).structs as Y.Item[];
		expect(item!.parentSub).toBeNull();
		expect(summarizeUpdate(alice.room.doc, overwrite)?.settingsKeys).toEqual(
			new Set(['editorLocked'])
		);
		expect(summarizeUpdate(new Y.Doc(), overwrite)).toBeNull();
	});

	it('counts unsetting a setting as changing it: deleting the revoked links would readmit', () => {
		const alice = pageOf(aliceBlock);
		const bob = pageOf(bobBlock);
		bob.receive(alice.edit(() => writeRevokedObserverLink(alice.room, 'link-1')));
		const unset = bob.edit(() => bob.room.settings.delete('revokedObserverLinks'));
		expect(Y.decodeUpdate(unset).structs).toEqual([]);
		expect(summarizeUpdate(alice.room.doc, unset)?.settingsKeys).toEqual(
			new Set(['revokedObserverLinks'])
		);
	});

	it('reads each of several updates against the document and the ones before it', () => {
		const alice = pageOf(aliceBlock);
		const first = alice.edit(() => writeControl(alice.room, 'editorLocked', true));
		const second = alice.edit(() => writeControl(alice.room, 'editorLocked', false));
		const [a, b] = summarizeUpdates(new Y.Doc(), [first, second]);
		expect(a!.summary?.settingsKeys).toEqual(new Set(['editorLocked']));
		// The overwrite names its key only through the first: told, without applying either.
		expect(b!.summary?.settingsKeys).toEqual(new Set(['editorLocked']));
		expect(b!.deletedRoots).toEqual(new Set(['settings']));
		expect(summarizeUpdates(new Y.Doc(), [second])[0]!.summary).toBeNull();
	});

	it('lists the chat lines an update adds, however it is placed among earlier ones', () => {
		const alice = pageOf(aliceBlock);
		const first = alice.edit(() => appendChat(alice.room, line('l1')));
		const second = alice.edit(() => appendChat(alice.room, line('l2')));
		const receiver = pageOf(bobBlock);
		receiver.receive(first);
		expect(summarizeUpdate(receiver.room.doc, second)?.chatLines).toEqual([line('l2')]);
	});
});
