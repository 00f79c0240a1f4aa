import { randomInt } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { maxClientBlock } from '../../../src/lib/protocol/yjs-clients';
import type { Database } from '../db/client';
import { participantsTable } from '../db/schema';

/** A block of Yjs client ids for a new participant; unique in its room by index, so retry on conflict. */
export const randomClientBlock = () => randomInt(1, maxClientBlock + 1);

const attempts = 5;

/** A random block not among `taken`. */
export function freeClientBlock(taken: ReadonlySet<number | null>): number {
	for (;;) {
		const block = randomClientBlock();
		if (!taken.has(block)) return block;
	}
}

/** Whether `error` is a unique violation of the room's client blocks (PostgreSQL 23505). */
export function isClientBlockConflict(error: unknown): boolean {
	for (let cause = error; cause; cause = (cause as { cause?: unknown }).cause) {
		const { code, constraint_name, message } = cause as Record<string, unknown>;
		if (
			code === '23505' &&
			(constraint_name === 'participants_room_client_block' ||
				String(message).includes('participants_room_client_block'))
		) {
			return true;
		}
	}
	return false;
}

/** Runs `insert` with fresh random blocks until one is free in the room (collisions are rare). */
export async function withFreeClientBlock<T>(insert: (block: number) => Promise<T>): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await insert(randomClientBlock());
		} catch (error) {
			if (attempt >= attempts || !isClientBlockConflict(error)) throw error;
		}
	}
}

/**
 * The participant's block, assigned now if it was admitted before blocks existed. Returns
 * null when the participant is gone.
 */
export async function clientBlockOf(db: Database, participantId: string): Promise<number | null> {
	const [row] = await db
		.select({ clientBlock: participantsTable.clientBlock })
		.from(participantsTable)
		.where(eq(participantsTable.id, participantId));
	if (!row) return null;
	if (row.clientBlock !== null) return row.clientBlock;
	return withFreeClientBlock(async (block) => {
		const [assigned] = await db
			.update(participantsTable)
			.set({ clientBlock: block })
			.where(and(eq(participantsTable.id, participantId), isNull(participantsTable.clientBlock)))
			.returning({ clientBlock: participantsTable.clientBlock });
		// Someone else assigned one meanwhile: that one stands.
		return assigned?.clientBlock ?? (await clientBlockOf(db, participantId));
	});
}
