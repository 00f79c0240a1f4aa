import { fromBase64 } from 'lib0/buffer';
import type * as Y from 'yjs';
import type { ChatMessage } from '../../protocol/chat';
import type { Language } from '../../protocol/languages';
import type { RecordedSignal } from '../../protocol/recording';
import type { RunRecord } from '../../protocol/runs';
import { authorsByBlock } from '../../protocol/yjs-clients';
import { readChat, readLanguage, roomDoc } from '../document/room-doc';
import { lastEditPosition } from './edit-position';
import { type EditEntry, HistoryCursor } from './seek';
import { buildTimeline, type Timeline } from './timeline';

/** The coordinator's `recording.session` answer, as it arrives. */
export interface SessionData {
	room: { id: string; title: string; language: string; createdAt: string; endedAt: string | null };
	participants: {
		id: string;
		name: string;
		role: string;
		colorIndex: number;
		/** Its block of Yjs client ids (null: admitted before blocks). */
		clientBlock?: number | null;
	}[];
	segments: { merged: string; entries: EditEntry[] }[];
	signals: { id: string; participantId: string; at: number; signal: RecordedSignal }[];
	runs: RunRecord[];
	/** Stored rows the coordinator could not read and left out. */
	damagedRows?: number;
}

/** The room as it was at one instant. */
export interface ReplayFrame {
	code: string;
	language: Language;
	chat: ChatMessage[];
	/** Runs requested by then; a run still going at that instant has no outcome yet. */
	runs: RunRecord[];
	/** Where the candidate's last edit in the code left their cursor; null before they edited. */
	candidateCursor: number | null;
}

/** A recorded interview, decoded once, that answers "what did the room look like at t?". */
export class SessionReplay {
	readonly timeline: Timeline;
	/** The page stays open for many seeks: the history is merged once, each seek only cuts. */
	private readonly cursor: HistoryCursor;
	private readonly fallbackLanguage: Language;
	/** Chat lines count only as written by their author's own client ids. */
	private readonly authorOf: (client: number) => string | undefined;
	/** Recorded rows left out because they could not be read, here or on the coordinator. */
	readonly damaged: number;
	/** The candidates' recorded updates, by time: where their cursor is. */
	private readonly candidateEdits: EditEntry[];

	constructor(private readonly session: SessionData) {
		let damaged = session.damagedRows ?? 0;
		this.cursor = new HistoryCursor(
			session.segments.map((segment) => ({ ...segment, merged: fromBase64(segment.merged) })),
			() => (damaged += 1)
		);
		this.damaged = damaged;
		this.fallbackLanguage = session.room.language as Language;
		this.authorOf = authorsByBlock(
			session.participants.map(({ id, clientBlock }) => ({ id, clientBlock: clientBlock ?? null }))
		);
		const candidates = new Set(
			session.participants.filter((person) => person.role === 'candidate').map(({ id }) => id)
		);
		this.candidateEdits = session.segments
			.flatMap((segment) => segment.entries)
			.filter((entry) => candidates.has(entry.participantId))
			.sort((a, b) => a.at - b.at || a.seq - b.seq);
		const final = roomDoc(this.documentAt(Number.MAX_SAFE_INTEGER));
		this.timeline = buildTimeline({
			edits: session.segments.flatMap((segment) => segment.entries),
			chat: readChat(final, this.authorOf),
			runs: session.runs,
			signals: session.signals,
			endedAt: session.room.endedAt ? Date.parse(session.room.endedAt) : null
		});
	}

	private documentAt(time: number): Y.Doc {
		return this.cursor.documentAt(time);
	}

	frameAt(time: number): ReplayFrame {
		const doc = this.documentAt(time);
		const room = roomDoc(doc);
		const frame: ReplayFrame = {
			code: room.code.toString(),
			language: readLanguage(room, this.fallbackLanguage),
			chat: readChat(room, this.authorOf),
			runs: this.session.runs
				.filter((run) => Date.parse(run.createdAt) <= time)
				.map((run) =>
					run.finishedAt && Date.parse(run.finishedAt) <= time ? run : unfinished(run)
				),
			candidateCursor: lastEditPosition(doc, room.code, this.candidateEdits, time)
		};
		doc.destroy();
		return frame;
	}
}

/** A run as the room saw it before it finished. */
function unfinished(run: RunRecord): RunRecord {
	return {
		...run,
		status: 'running',
		output: [],
		exitCode: null,
		limitsHit: [],
		finishedAt: null,
		compileMs: null,
		runMs: null
	};
}
