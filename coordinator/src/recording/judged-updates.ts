import type { VerifiedPeer } from '../../../src/lib/shared/rules/update-policy';
import { createLogger } from '../../../server-common/logger';
import type { Database } from '../db/client';
import { recordedUpdatesTable } from '../db/schema';
import { authoredRows, type AuthoredUpdate, type HeldUpdate, HeldUpdates } from './held-updates';
import type { RecordDoc, RecordDocs } from './record-docs';
import { judgeUploads } from './upload-judge';
import { InvalidUpdateError } from './update-validation';

const log = createLogger('recording');

// Held updates released by one upload can release others: bounded, the rest waits for the next.
const maxReleaseRounds = 5;

/**
 * Stores uploaded updates as the record's rules allow them (upload-judge.ts): what is allowed
 * in `recorded_updates`, what cannot be told yet in `held_updates` until it can.
 */
export class JudgedUpdates {
	private readonly held: HeldUpdates;

	constructor(
		private readonly db: Database,
		private readonly docs: RecordDocs,
		maxHeldPerAuthor: number
	) {
		this.held = new HeldUpdates(db, maxHeldPerAuthor);
	}

	/**
	 * Stores what the author's role allows of `updates` (upload-judge.ts), holds what cannot
	 * be judged yet, and then releases what the stored ones settle. Throws InvalidUpdateError,
	 * storing nothing, if any is refused.
	 */
	async store(
		record: RecordDoc,
		author: VerifiedPeer,
		updates: (AuthoredUpdate & { label: string })[]
	) {
		const verdicts = judgeUploads(record, author, updates);
		verdicts.forEach((verdict, index) => {
			if (typeof verdict === 'object') {
				throw new InvalidUpdateError(`${updates[index]!.label}: ${verdict.refused}`);
			}
		});
		const roomId = record.room.doc.guid;
		const held = updates.filter((_, index) => verdicts[index] === 'hold');
		await this.held.hold(roomId, author.participantId, held);
		if (held.length) record.mayHoldUpdates = true;
		const stored = updates.filter((_, index) => verdicts[index] === 'store');
		await this.storeAllowed(record, author, stored);
		if (stored.length) await this.releaseHeld(record);
	}

	private async storeAllowed(record: RecordDoc, author: VerifiedPeer, updates: AuthoredUpdate[]) {
		if (!updates.length) return;
		await this.insertUpdates(record.room.doc.guid, author.participantId, updates);
		this.docs.include(
			record,
			updates.map((update) => update.bytes)
		);
	}

	/** Judges the room's held updates again against the record as it is now. */
	private async releaseHeld(record: RecordDoc) {
		const roomId = record.room.doc.guid;
		for (let round = 0; round < maxReleaseRounds && record.mayHoldUpdates; round++) {
			const waitingNow = await this.held.of(roomId);
			if (!waitingNow.length) record.mayHoldUpdates = false;
			const byAuthor = new Map<string, HeldUpdate[]>();
			for (const held of waitingNow) {
				const id = held.author.participantId;
				if (!byAuthor.has(id)) byAuthor.set(id, []);
				byAuthor.get(id)!.push(held);
			}
			let released = false;
			for (const waiting of byAuthor.values()) {
				const author = waiting[0]!.author;
				const verdicts = judgeUploads(record, author, waiting);
				const settled = waiting.filter((_, index) => verdicts[index] !== 'hold');
				const stored = waiting.filter((_, index) => verdicts[index] === 'store');
				verdicts.forEach((verdict, index) => {
					if (typeof verdict !== 'object') return;
					log.warn('dropped a held update', { roomId, id: waiting[index]!.id, ...verdict });
				});
				await this.storeAllowed(record, author, stored);
				await this.held.remove(
					roomId,
					settled.map((held) => held.id)
				);
				if (stored.length) released = true;
			}
			if (!released) return;
		}
	}

	private async insertUpdates(roomId: string, participantId: string, updates: AuthoredUpdate[]) {
		if (!updates.length) return;
		await this.db
			.insert(recordedUpdatesTable)
			.values(authoredRows(roomId, participantId, updates))
			.onConflictDoNothing();
	}
}
