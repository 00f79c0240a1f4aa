import { describe, expect, it } from 'vitest';
import type { RecordedSignal } from '$lib/protocol/recording';
import { presenceLines } from './presence-lines';

const people = [
	{ id: 'grace', name: 'Grace', role: 'candidate' },
	{ id: 'ada', name: 'Ada', role: 'interviewer' }
];
let next = 0;
const signal = (participantId: string, at: number, kind: RecordedSignal['kind']) => ({
	id: `s${next++}`,
	participantId,
	at,
	signal: { kind } as RecordedSignal
});

describe('presenceLines', () => {
	it('has a line when someone comes in and when they go, in time order', () => {
		const lines = presenceLines(
			[
				signal('grace', 5_000, 'left'),
				signal('ada', 1_000, 'joined'),
				signal('grace', 2_000, 'joined'),
				signal('grace', 3_000, 'hidden')
			],
			people
		);
		expect(lines.map(({ at, kind, name }) => [at, kind, name])).toEqual([
			[1_000, 'joined', 'Ada'],
			[2_000, 'joined', 'Grace'],
			[5_000, 'left', 'Grace']
		]);
	});

	it('counts a person in while any of their pages is, and a refresh as leaving and coming back', () => {
		const lines = presenceLines(
			[
				signal('ada', 1_000, 'joined'),
				signal('ada', 2_000, 'joined'),
				signal('ada', 3_000, 'left'),
				signal('ada', 4_000, 'left'),
				signal('ada', 4_500, 'left'),
				signal('ada', 5_000, 'joined')
			],
			people
		);
		expect(lines.map(({ at, kind }) => [at, kind])).toEqual([
			[1_000, 'joined'],
			[4_000, 'left'],
			[5_000, 'joined']
		]);
	});

	it('leaves out signals of nobody who took part', () => {
		expect(presenceLines([signal('mallory', 1_000, 'joined')], people)).toEqual([]);
	});
});
