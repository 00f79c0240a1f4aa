import type { ChatMessage } from '../../protocol/chat';
import type { RecordedSignal } from '../../protocol/recording';
import type { RunRecord } from '../../protocol/runs';

/** A paste at least this long is marked on the timeline as a large paste. */
export const largePasteChars = 200;
/** Edits closer than this belong to one burst of typing on the activity strip. */
export const burstGapMs = 2_000;
/** With "skip idle", playback jumps over stretches with nothing happening longer than this. */
export const idleMs = 5_000;

export interface TimedSignal {
	participantId: string;
	at: number;
	signal: RecordedSignal;
}

export type TimelineEventKind = 'typing' | 'chat' | 'run' | 'paste' | 'away' | 'joined' | 'left';

/** Something that happened, for the markers and for "jump to next event". */
export interface TimelineEvent {
	at: number;
	/** How long it lasted: a burst of typing, a run, time away from the tab. */
	until: number;
	kind: TimelineEventKind;
	participantId: string;
	label: string;
}

export interface Timeline {
	start: number;
	end: number;
	events: TimelineEvent[];
}

/** Groups sorted edit times into bursts of typing. */
export function typingBursts(times: number[]): { at: number; until: number; edits: number }[] {
	const bursts: { at: number; until: number; edits: number }[] = [];
	for (const time of times) {
		const last = bursts.at(-1);
		if (last && time - last.until <= burstGapMs) {
			last.until = time;
			last.edits += 1;
		} else {
			bursts.push({ at: time, until: time, edits: 1 });
		}
	}
	return bursts;
}

/** Time away from the room: from `hidden` (or `blurred`) to the next `visible` (or `focused`). */
function awaySpans(signals: TimedSignal[], end: number): TimelineEvent[] {
	const spans: TimelineEvent[] = [];
	const awaySince = new Map<string, { at: number; why: string }>();
	for (const { participantId, at, signal } of signals) {
		if (signal.kind === 'hidden' || signal.kind === 'blurred') {
			if (!awaySince.has(participantId)) {
				awaySince.set(participantId, {
					at,
					why: signal.kind === 'hidden' ? 'left the tab' : 'left the window'
				});
			}
		} else if (signal.kind === 'visible' || signal.kind === 'focused' || signal.kind === 'left') {
			const since = awaySince.get(participantId);
			if (!since) continue;
			awaySince.delete(participantId);
			const seconds = Math.round((at - since.at) / 1000);
			spans.push({
				at: since.at,
				until: at,
				kind: 'away',
				participantId,
				label: `${since.why} for ${seconds} s`
			});
		}
	}
	for (const [participantId, since] of awaySince) {
		spans.push({ at: since.at, until: end, kind: 'away', participantId, label: since.why });
	}
	return spans;
}

/**
 * Everything the replay marks on its timeline, from the recorded updates (who typed when),
 * the chat, the runs and the signals, sorted by time.
 */
export function buildTimeline(input: {
	edits: { participantId: string; at: number }[];
	chat: ChatMessage[];
	runs: RunRecord[];
	signals: TimedSignal[];
	endedAt: number | null;
}): Timeline {
	const times = [
		...input.edits.map((edit) => edit.at),
		...input.chat.map((message) => message.sentAt),
		...input.runs.map((run) => Date.parse(run.createdAt)),
		...input.signals.map((signal) => signal.at)
	];
	// A reduce, not Math.min(...times): an interview can have more edits than arguments fit.
	const start = times.length
		? times.reduce((earliest, time) => Math.min(earliest, time))
		: (input.endedAt ?? 0);
	const end = times.reduce(
		(latest, time) => Math.max(latest, time),
		Math.max(start, input.endedAt ?? 0)
	);

	const editsByParticipant = new Map<string, number[]>();
	for (const edit of input.edits) {
		const list = editsByParticipant.get(edit.participantId) ?? [];
		list.push(edit.at);
		editsByParticipant.set(edit.participantId, list);
	}
	const events: TimelineEvent[] = [];
	for (const [participantId, editTimes] of editsByParticipant) {
		for (const burst of typingBursts(editTimes.sort((a, b) => a - b))) {
			events.push({ ...burst, kind: 'typing', participantId, label: `${burst.edits} edits` });
		}
	}
	for (const message of input.chat) {
		events.push({
			at: message.sentAt,
			until: message.sentAt,
			kind: 'chat',
			participantId: message.authorId,
			label: message.text
		});
	}
	for (const run of input.runs) {
		const at = Date.parse(run.createdAt);
		events.push({
			at,
			until: run.finishedAt ? Date.parse(run.finishedAt) : at,
			kind: 'run',
			participantId: run.requestedBy.participantId,
			label: `${run.requestedBy.name} ran ${run.language}: ${run.status}`
		});
	}
	for (const { participantId, at, signal } of input.signals) {
		if (signal.kind === 'paste' && signal.length >= largePasteChars) {
			const from = signal.source === 'editor' ? 'from the editor' : 'from outside the editor';
			events.push({
				at,
				until: at,
				kind: 'paste',
				participantId,
				label: `pasted ${signal.length} characters ${from}`
			});
		} else if (signal.kind === 'joined' || signal.kind === 'left') {
			events.push({ at, until: at, kind: signal.kind, participantId, label: signal.kind });
		}
	}
	events.push(...awaySpans(input.signals, end));
	events.sort((a, b) => a.at - b.at);
	return { start, end, events };
}

/** The start of the first event after `time`, if any. */
export function nextEventAfter(timeline: Timeline, time: number): number | null {
	return timeline.events.find((event) => event.at > time)?.at ?? null;
}

/** The start of the last event before `time`, if any: "next event" backwards. */
export function previousEventBefore(timeline: Timeline, time: number): number | null {
	return timeline.events.findLast((event) => event.at < time)?.at ?? null;
}

/**
 * Where playback at `time` should be with "skip idle": unchanged while something is
 * happening or about to, else just before the next event.
 */
export function skipIdle(timeline: Timeline, time: number): number {
	// Time away from the tab is marked, but is dead time for the code all the same.
	const activity = timeline.events.filter((event) => event.kind !== 'away');
	const busy = activity.some((event) => event.at <= time + idleMs && event.until >= time);
	if (busy) return time;
	const next = activity.find((event) => event.at > time)?.at;
	return next === undefined ? time : Math.max(time, next - 1_000);
}
