import { describe, expect, it } from 'vitest';
import {
	buildTimeline,
	nextEventAfter,
	previousEventBefore,
	skipIdle,
	typingBursts
} from './timeline';

const candidate = 'candidate-id';
const interviewer = 'interviewer-id';

const timeline = buildTimeline({
	edits: [
		{ participantId: candidate, at: 1_000 },
		{ participantId: candidate, at: 1_500 },
		{ participantId: candidate, at: 2_000 },
		{ participantId: candidate, at: 60_000 }
	],
	chat: [
		{ id: 'm1', authorId: interviewer, author: 'Ada', role: 'interviewer', text: 'hi', sentAt: 500 }
	],
	runs: [],
	signals: [
		{ participantId: candidate, at: 10_000, signal: { kind: 'hidden' } },
		{ participantId: candidate, at: 25_000, signal: { kind: 'visible' } },
		{
			participantId: candidate,
			at: 59_000,
			signal: { kind: 'paste', length: 450, source: 'outside' }
		},
		{
			participantId: candidate,
			at: 59_500,
			signal: { kind: 'paste', length: 3, source: 'outside' }
		}
	],
	endedAt: 70_000
});

describe('buildTimeline', () => {
	it('spans from the first event to the end of the interview', () => {
		expect([timeline.start, timeline.end]).toEqual([500, 70_000]);
	});

	it('groups edits into bursts, and marks time away and large pastes only', () => {
		expect(timeline.events.map((event) => [event.kind, event.at, event.until])).toEqual([
			['chat', 500, 500],
			['typing', 1_000, 2_000],
			['away', 10_000, 25_000],
			['paste', 59_000, 59_000],
			['typing', 60_000, 60_000]
		]);
		expect(timeline.events.find((event) => event.kind === 'paste')!.label).toBe(
			'pasted 450 characters from outside the editor'
		);
		expect(timeline.events.find((event) => event.kind === 'away')!.label).toBe(
			'left the tab for 15 s'
		);
	});
});

describe('typingBursts', () => {
	it('splits at pauses longer than the burst gap', () => {
		expect(typingBursts([0, 1_000, 2_500, 10_000])).toEqual([
			{ at: 0, until: 2_500, edits: 3 },
			{ at: 10_000, until: 10_000, edits: 1 }
		]);
	});
});

describe('playback helpers', () => {
	it('jumps to the next event', () => {
		expect(nextEventAfter(timeline, 2_000)).toBe(10_000);
		expect(nextEventAfter(timeline, 60_000)).toBeNull();
	});

	it('jumps back to the start of the event before, each burst, chat line and marker in turn', () => {
		const back: number[] = [];
		for (let at = previousEventBefore(timeline, 70_000); at !== null;) {
			back.push(at);
			at = previousEventBefore(timeline, at);
		}
		expect(back).toEqual([60_000, 59_000, 10_000, 1_000, 500]);
	});

	it('skips dead time, time away included, but not activity about to start', () => {
		expect(skipIdle(timeline, 1_200)).toBe(1_200);
		expect(skipIdle(timeline, 3_000)).toBe(58_000);
		expect(skipIdle(timeline, 56_000)).toBe(56_000);
	});
});
