import { LRUCache } from 'lru-cache';
import * as Y from 'yjs';
import { trackRoomRules } from '../../../src/lib/shared/rules/room-rules';
import type { RoomRules } from '../../../src/lib/shared/rules/update-policy';
import { roomDoc, type RoomDoc } from '../../../src/lib/shared/document/room-doc';

/**
 * Brings `doc` up to date with the room's record after `throughSeq` (0: from nothing);
 * returns the seq it is now through.
 */
export type RecordLoader = (roomId: string, doc: Y.Doc, throughSeq: number) => Promise<number>;

/** One room's document as its record has it. */
export interface RecordDoc {
	room: RoomDoc;
	/** The last recorded update it includes. */
	throughSeq: number;
	/**
	 * The interviewer's rules for an entry its author made at `at`: a restriction counts
	 * for entries made `graceMs` after the record learned of it — what was on its way then
	 * still counts, as it did on the peers. The end is not among them: after-end.ts judges
	 * what arrives after it.
	 */
	rulesAt(at: number): RoomRules;
	/**
	 * Whether updates of the room may be held (held-updates.ts): true until a look finds
	 * none, and again once one is held. (Another coordinator's holds are found when the room's
	 * document is next opened here, or by that coordinator's next upload.)
	 */
	mayHoldUpdates: boolean;
}

interface CachedRoom extends RecordDoc {
	stop(): void;
}

export interface RecordDocsOptions {
	/** Rooms whose document stays in memory; the least recently used go first. */
	maxRooms: number;
	graceMs: number;
}

/**
 * The documents of the rooms being recorded, as the record has them, for judging uploads
 * against what is there (upload-judge.ts) and for pages that need what no peer can give
 * them. Kept in memory and brought up to date from the database before each use, so a
 * document dropped from memory, or written to by another coordinator, is never stale.
 * Work on one room's document is done one piece at a time (`withRoom`).
 */
export class RecordDocs {
	private readonly rooms: LRUCache<string, CachedRoom>;
	private readonly queues = new Map<string, Promise<unknown>>();

	constructor(
		private readonly load: RecordLoader,
		private readonly options: RecordDocsOptions
	) {
		this.rooms = new LRUCache({ max: options.maxRooms, dispose: (room) => room.stop() });
	}

	/** Runs `work` on the room's up-to-date document once the work queued before it is done. */
	withRoom<T>(roomId: string, work: (record: RecordDoc) => Promise<T>): Promise<T> {
		const previous = this.queues.get(roomId) ?? Promise.resolve();
		const next = previous.then(
			() => this.current(roomId).then(work),
			() => this.current(roomId).then(work)
		);
		const settled = next.catch(() => {});
		this.queues.set(roomId, settled);
		void settled.then(() => {
			if (this.queues.get(roomId) === settled) this.queues.delete(roomId);
		});
		return next;
	}

	/** Brings the room's document up to date with what was stored since it last looked. */
	private async refresh(record: RecordDoc): Promise<void> {
		const room = record as CachedRoom;
		room.throughSeq = await this.load(idOf(room), room.room.doc, room.throughSeq);
	}

	/**
	 * Applies what was just stored to the room's document at once, without asking the
	 * database; the next refresh reads it again (applying twice changes nothing) and moves on.
	 */
	include(record: RecordDoc, updates: Uint8Array[]) {
		const { doc } = record.room;
		Y.transact(doc, () => updates.forEach((update) => Y.applyUpdate(doc, update)));
	}

	/** Drops the room's document: what it holds may no longer be what is stored. */
	forget(roomId: string) {
		this.rooms.delete(roomId);
	}

	private async current(roomId: string): Promise<CachedRoom> {
		const cached = this.rooms.get(roomId);
		try {
			if (cached) {
				await this.refresh(cached);
				return cached;
			}
			const room = await this.open(roomId);
			this.rooms.set(roomId, room);
			return room;
		} catch (error) {
			this.forget(roomId);
			throw error;
		}
	}

	private async open(roomId: string): Promise<CachedRoom> {
		const room = roomDoc(new Y.Doc({ guid: roomId, gc: false }));
		const throughSeq = await this.load(roomId, room.doc, 0);
		// Tracked from here on: restrictions already on the record have long taken hold. They
		// take hold by the author's clock of the entry being judged; while the record itself
		// changes, by the coordinator's.
		let judgedAt: number | null = null;
		const rules = trackRoomRules(room, this.options.graceMs, () => judgedAt ?? Date.now());
		return {
			room,
			throughSeq,
			mayHoldUpdates: true,
			rulesAt(at) {
				judgedAt = at;
				try {
					return { ...rules.rules(), ended: false };
				} finally {
					judgedAt = null;
				}
			},
			stop() {
				rules.stop();
				room.doc.destroy();
			}
		};
	}
}

const idOf = (room: CachedRoom) => room.room.doc.guid;
