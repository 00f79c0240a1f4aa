import { z } from 'zod';
import { boundedText } from './bounded-input';

/** The longest search the dashboard sends: longer than any title (120) or name (60). */
export const maxInterviewSearchLength = 120;

/** `rooms.list`: how many interviews, and an optional search of titles and candidates' names. */
export const listRoomsInput = z
	.object({
		limit: z.number().int().min(1).max(200).default(100),
		/** Matches, ignoring case, part of the title or of a candidate's name. */
		search: boundedText({ label: 'Search', max: maxInterviewSearchLength }).optional()
	})
	.default({ limit: 100 });
export type ListRoomsInput = z.output<typeof listRoomsInput>;

/**
 * Where the dashboard lists an interview, exactly one place: `upcoming` (scheduled and not
 * over as planned), `open` (anything else not ended), `ended`.
 */
export const interviewPhases = ['upcoming', 'open', 'ended'] as const;
export type InterviewPhase = (typeof interviewPhases)[number];
