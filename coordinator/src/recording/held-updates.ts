import { createHash } from 'node:crypto';
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import type { VerifiedPeer } from '../../../src/lib/shared/rules/update-policy';
import type { Database } from '../db/client';
import { heldUpdatesTable, participantsTable } from '../db/schema';

/** An update as an author uploaded it: when they made it, and its bytes. */
export interface AuthoredUpdate {
	at: number;
	bytes: Uint8Array;
}

export interface HeldUpdate extends AuthoredUpdate {
	id: number;
	author: VerifiedPeer;
}

export class HoldFullError extends Error {
	override name = 'HoldFullError';
}

export const updateHash = (bytes: Uint8Array) =>
	createHash('sha256').update(bytes).digest('base64url');

/** An author's updates as rows of `held_updates` or `recorded_updates`. */
export const authoredRows = (roomId: string, participantId: string, updates: AuthoredUpdate[]) =>
	updates.map(({ at, bytes }) => ({
		roomId,
		participantId,
		clientTime: new Date(at),
		hash: updateHash(bytes),
		update: bytes
	}));

/**
 * Updates the record cannot judge yet, per room (see `heldUpdatesTable`): at most
 * `maxPerAuthor` of one participant's wait at once, so nobody can park an unbounded pile of
 * them, and one author's stuck edits hold up nobody else's uploads.
 */
export class HeldUpdates {
	constructor(
		private readonly db: Database,
		private readonly maxPerAuthor: number
	) {}

	async hold(roomId: string, participantId: string, updates: AuthoredUpdate[]): Promise<void> {
		if (!updates.length) return;
		const [waiting] = await this.db
			.select({ count: count() })
			.from(heldUpdatesTable)
			.where(
				and(eq(heldUpdatesTable.roomId, roomId), eq(heldUpdatesTable.participantId, participantId))
			);
		if ((waiting?.count ?? 0) + updates.length > this.maxPerAuthor) {
			throw new HoldFullError(
				'Too many edits wait for the ones they build on to be recorded: retry in a moment'
			);
		}
		await this.db
			.insert(heldUpdatesTable)
			.values(authoredRows(roomId, participantId, updates))
			.onConflictDoNothing();
	}

	/** The room's held updates, oldest first, with who uploaded each. */
	async of(roomId: string): Promise<HeldUpdate[]> {
		const rows = await this.db
			.select({
				id: heldUpdatesTable.id,
				clientTime: heldUpdatesTable.clientTime,
				update: heldUpdatesTable.update,
				participantId: participantsTable.id,
				name: participantsTable.name,
				role: participantsTable.role,
				colorIndex: participantsTable.colorIndex,
				observerLinkId: participantsTable.observerLinkId,
				clientBlock: participantsTable.clientBlock
			})
			.from(heldUpdatesTable)
			.innerJoin(participantsTable, eq(participantsTable.id, heldUpdatesTable.participantId))
			.where(eq(heldUpdatesTable.roomId, roomId))
			.orderBy(asc(heldUpdatesTable.id));
		return rows.map((row) => ({
			id: row.id,
			at: row.clientTime.getTime(),
			bytes: row.update,
			author: {
				participantId: row.participantId,
				name: row.name,
				role: row.role,
				colorIndex: row.colorIndex,
				...(row.observerLinkId && { observerLink: row.observerLinkId }),
				...(row.clientBlock !== null && { clientBlock: row.clientBlock })
			}
		}));
	}

	async remove(roomId: string, ids: number[]): Promise<void> {
		if (!ids.length) return;
		await this.db
			.delete(heldUpdatesTable)
			.where(and(eq(heldUpdatesTable.roomId, roomId), inArray(heldUpdatesTable.id, ids)));
	}
}
