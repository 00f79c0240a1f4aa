import { describe, expect, it } from 'vitest';
import { ChatMessage } from './chat';
import {
	maxPlausibleEpochMs as latestEpochMs,
	minPlausibleEpochMs as earliestEpochMs
} from './bounded-input';

const line = (sentAt: unknown) => ({
	id: 'm1',
	authorId: 'p1',
	author: 'Ada',
	role: 'candidate',
	text: 'hello',
	sentAt
});

describe('hostile: chat lines with impossible times (ChatMessage)', () => {
	it('accepts a line sent at a real moment, by any clock between 2020 and 2100', () => {
		for (const sentAt of [Date.UTC(2026, 5, 1), earliestEpochMs, latestEpochMs]) {
			expect(ChatMessage.safeParse(line(sentAt)).success).toBe(true);
		}
	});

	it.each([
		{ case: 'beyond what a Date holds', sentAt: 9e15 },
		{ case: 'after 2100', sentAt: latestEpochMs + 1 },
		{ case: 'before 2020', sentAt: earliestEpochMs - 1 },
		{ case: 'at the epoch', sentAt: 0 },
		{ case: 'negative', sentAt: -1 },
		{ case: 'a fraction of a millisecond', sentAt: Date.UTC(2026, 5, 1) + 0.5 },
		{ case: 'not a number', sentAt: Number.NaN },
		{ case: 'infinite', sentAt: Number.POSITIVE_INFINITY },
		{ case: 'a string', sentAt: '2026-06-01T00:00:00Z' }
	])('refuses a time $case', ({ sentAt }) => {
		expect(ChatMessage.safeParse(line(sentAt)).success).toBe(false);
	});
});
