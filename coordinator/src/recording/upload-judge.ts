import { observerChatLines } from '../../../src/lib/shared/document/observer-chat';
import { changesNothing, summarizeUpdates } from '../../../src/lib/shared/rules/update-summary';
import { judgeUpdate, type VerifiedPeer } from '../../../src/lib/shared/rules/update-policy';
import type { RecordDoc } from './record-docs';

/**
 * `store`: the author's role allows it. `copy`: the record has all of it already (a
 * retried upload). `hold`: it builds on edits the record does not have yet, so what it
 * changes cannot be told; it waits for them (held-updates.ts).
 */
export type UploadVerdict = 'store' | 'copy' | 'hold' | { refused: string };

export interface JudgedUpdate {
	/** Its author's clock when it was made. */
	at: number;
	bytes: Uint8Array;
}

const chatRoots: ReadonlySet<string> = new Set(['chat', 'observerChat']);

/**
 * Judges an author's updates, in the order they were made, against the record's document
 * by the rules the peers apply live (update-policy.ts): no participant writes what its
 * role may not, and nobody deletes chat lines (a deletion carries no author). So what a
 * peer refuses never reaches the record either — nor, through it, a page that loads it.
 */
export function judgeUploads(
	record: RecordDoc,
	author: VerifiedPeer,
	updates: JudgedUpdate[]
): UploadVerdict[] {
	const { doc } = record.room;
	const readings = summarizeUpdates(
		doc,
		updates.map((update) => update.bytes)
	);
	return updates.map(({ at, bytes }, index): UploadVerdict => {
		if (changesNothing(doc, bytes)) return 'copy';
		const reading = readings[index]!;
		if (author.role !== 'observer') {
			if (reading.deletedRoots === null) return 'hold';
			if ([...reading.deletedRoots].some((root) => chatRoots.has(root))) {
				return { refused: 'chat lines cannot be deleted' };
			}
		}
		const verdict = judgeUpdate(author, record.rulesAt(at), {
			summary: () => reading.summary,
			observerLines: () => observerChatLines(bytes)
		});
		if (verdict === 'refuse')
			return { refused: `the ${author.role} role may not make this change` };
		return verdict === 'apply' ? 'store' : 'hold';
	});
}
