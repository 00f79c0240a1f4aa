import { z } from 'zod';
import { Language } from './languages';

export const roomIdSchema = z.uuid({ error: 'Interview id must be a UUID' });

export const displayNameSchema = z
	.string()
	.trim()
	.min(1, 'Name must not be empty')
	.max(60, 'Name must be at most 60 characters');

export const createRoomInput = z.object({
	title: z
		.string()
		.trim()
		.min(1, 'Title must not be empty')
		.max(120, 'Title must be at most 120 characters'),
	language: Language
});
export type CreateRoomInput = z.infer<typeof createRoomInput>;

export const joinRoomInput = z.object({
	id: roomIdSchema,
	name: displayNameSchema.optional(),
	/** A room token from an earlier join: a refreshed participant keeps its identity. */
	resumeToken: z.string().max(4096).optional(),
	/** The id in an observer link (`?observe=…`): joins read-only, as an observer. */
	observerLink: z.uuid({ error: 'Observer link is malformed' }).optional()
});

/** Roles inside a room. Observers watch: they see everything and change nothing. */
export const RoomRole = z.enum(['interviewer', 'candidate', 'observer']);
export type RoomRole = z.infer<typeof RoomRole>;

export const roomStatuses = ['open', 'ended'] as const;
export type RoomStatus = (typeof roomStatuses)[number];
