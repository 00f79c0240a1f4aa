import { boundedBase64 } from './base64';
import { z } from 'zod';
import { emailSchema } from './auth';
import { boundedText, compactToken, isoInstant } from './bounded-input';
import { ChatPublicKey } from './chat-key';
import { Language } from './languages';

export const roomIdSchema = z.uuid({ error: 'Interview id must be a UUID' });

export const displayNameSchema = boundedText({ label: 'Name', min: 1, max: 60 });

/** When a scheduled interview starts, how long it lasts, and whom it is with. */
export const scheduleInput = z
	.object({
		startsAt: isoInstant('Start'),
		durationMinutes: z
			.number()
			.int('Duration must be a whole number of minutes')
			.min(15, 'Duration must be at least 15 minutes')
			.max(480, 'Duration must be at most 480 minutes (8 hours)'),
		candidateName: displayNameSchema.optional(),
		candidateEmail: emailSchema.optional()
	})
	.refine((schedule) => Boolean(schedule.candidateName || schedule.candidateEmail), {
		error: "Give the candidate's name or email",
		path: ['candidateName']
	});
export type ScheduleInput = z.infer<typeof scheduleInput>;

export const roomPasswordSchema = z
	.string()
	.min(6, 'Room password must be at least 6 characters')
	.max(128, 'Room password must be at most 128 characters');

export const createRoomInput = z.object({
	title: boundedText({ label: 'Title', min: 1, max: 120 }),
	language: Language,
	/** Without one, the interview can start at once. */
	schedule: scheduleInput.optional(),
	/** Candidates and observers must give it to enter. */
	password: roomPasswordSchema.optional()
});
export type CreateRoomInput = z.infer<typeof createRoomInput>;

/**
 * The token in a candidate's invite link (`?invite=…`); checked, not parsed. Any text, so
 * that a mangled link is told "not valid" rather than refused as malformed.
 */
const inviteSchema = boundedText({ label: 'Invite link', max: 512, trim: false });

export const joinRoomInput = z.object({
	id: roomIdSchema,
	name: displayNameSchema.optional(),
	/** A room token from an earlier join: a refreshed participant keeps its identity. */
	resumeToken: compactToken('Resume token').optional(),
	/** The id in an observer link (`?observe=…`): joins read-only, as an observer. */
	observerLink: z.uuid({ error: 'Observer link is malformed' }).optional(),
	/** What a candidate needs to enter. */
	invite: inviteSchema.optional(),
	/** The room password, when the interviewer set one. */
	password: z.string().max(256).optional(),
	/** This page's chat public key: the coordinator certifies it for the participant admitted. */
	chatKey: ChatPublicKey.optional()
});
export type JoinRoomInput = z.input<typeof joinRoomInput>;

/** The largest final document (a Yjs snapshot, base64) an ending page may send. */
export const maxEndSnapshotBytes = 512 * 1024;

export const endRoomInput = z.object({
	id: roomIdSchema,
	/** The ending page's document as a Yjs snapshot: what the record may still receive. */
	finalState: boundedBase64(maxEndSnapshotBytes, 'The final state').optional()
});

/** The join page's question: this interview, reached through these link values. */
export const roomByIdInput = z.object({
	id: roomIdSchema,
	invite: inviteSchema.optional(),
	// Any string: a mangled observer link should get "not valid", not a 404.
	observe: boundedText({ label: 'Observer link', max: 512, trim: false }).optional()
});

/** Whether the link a visitor came by lets them in; `missing`: a candidate came without one. */
export type LinkStatus = 'valid' | 'missing' | 'invalid' | 'revoked';

/** Roles inside a room. Observers watch: they see everything and change nothing. */
export const RoomRole = z.enum(['interviewer', 'candidate', 'observer']);
export type RoomRole = z.infer<typeof RoomRole>;

export const roomStatuses = ['open', 'ended'] as const;
export type RoomStatus = (typeof roomStatuses)[number];
