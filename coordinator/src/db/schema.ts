import { sql } from 'drizzle-orm';
import {
	bigint,
	bigserial,
	customType,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import type { RecordedSignal, SessionLog } from '../../../src/lib/protocol/recording';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea',
	// postgres.js hands back a Buffer, PGlite a Uint8Array: both are Uint8Arrays.
	fromDriver: (value) => new Uint8Array(value)
});

/** The room a row belongs to: it goes when the room does. */
function roomColumn() {
	return uuid('room_id')
		.notNull()
		.references(() => roomsTable.id, { onDelete: 'cascade' });
}

/** The participant a row is by: it goes when they do. */
function participantColumn() {
	return uuid('participant_id')
		.notNull()
		.references(() => participantsTable.id, { onDelete: 'cascade' });
}

export const usersTable = pgTable('users', {
	id: uuid('id').primaryKey().defaultRandom(),
	email: text('email').notNull().unique(),
	name: text('name').notNull(),
	passwordHash: text('password_hash').notNull(),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

/**
 * Signed-in sessions. A session JWT names its row by `jti`, and signs nobody in once the row
 * is revoked (logging out), expired or gone.
 */
export const sessionsTable = pgTable(
	'sessions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: uuid('user_id')
			.notNull()
			.references(() => usersTable.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		revokedAt: timestamp('revoked_at', { withTimezone: true })
	},
	(table) => [index('sessions_user_idx').on(table.userId)]
);

export const roomsTable = pgTable(
	'rooms',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		ownerId: uuid('owner_id')
			.notNull()
			.references(() => usersTable.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		language: text('language').notNull(),
		status: text('status', { enum: ['open', 'ended'] })
			.notNull()
			.default('open'),
		/** y-webrtc password: encrypts signaling; handed only to admitted participants. */
		secret: text('secret').notNull(),
		/**
		 * In the candidate's link (`?invite=…`): only its holder enters as the candidate. The app
		 * issues it; the default (244 random bits) covers rooms created before invite links.
		 */
		inviteToken: text('invite_token')
			.notNull()
			.default(sql`replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')`),
		/** argon2id hash of the optional room password candidates and observers must give. */
		passwordHash: text('password_hash'),
		/** When the interview starts; null for one started at once. */
		scheduledAt: timestamp('scheduled_at', { withTimezone: true }),
		durationMinutes: integer('duration_minutes'),
		candidateName: text('candidate_name'),
		candidateEmail: text('candidate_email'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		endedAt: timestamp('ended_at', { withTimezone: true }),
		/**
		 * The document as the ending interviewer's page had it (a Yjs snapshot: what each client
		 * had written, and what was deleted). Updates arriving after the end are recorded only
		 * within it.
		 */
		endSnapshot: bytea('end_snapshot')
	},
	(table) => [index('rooms_owner_created_idx').on(table.ownerId, table.createdAt)]
);

export const participantsTable = pgTable(
	'participants',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		roomId: roomColumn(),
		userId: uuid('user_id').references(() => usersTable.id, { onDelete: 'set null' }),
		name: text('name').notNull(),
		role: text('role', { enum: ['interviewer', 'candidate', 'observer'] }).notNull(),
		/** Order of admission in the room; picks a cursor colour no earlier participant has. */
		colorIndex: integer('color_index').notNull().default(0),
		/** The link an observer came in by: revoking it shuts them out. */
		observerLinkId: uuid('observer_link_id').references(() => observerLinksTable.id, {
			onDelete: 'set null'
		}),
		/**
		 * The block of Yjs client ids the participant writes under (src/lib/protocol/yjs-clients.ts),
		 * named in its room token; null for participants admitted before blocks, until they rejoin.
		 */
		clientBlock: integer('client_block'),
		admittedAt: timestamp('admitted_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [
		index('participants_room_idx').on(table.roomId),
		uniqueIndex('participants_room_client_block').on(table.roomId, table.clientBlock)
	]
);

// The runs queue's tables, shared with the stand-alone runners (server-common/runs-queue/).
export { runnersTable, runsTable } from '../../../server-common/runs-queue/schema';

/** An uploaded Yjs update: who wrote it, by their clock when, received when, and its hash. */
function authoredUpdateColumns() {
	return {
		roomId: roomColumn(),
		participantId: participantColumn(),
		clientTime: timestamp('client_time', { withTimezone: true, precision: 3 }).notNull(),
		receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
		hash: text('hash').notNull(),
		update: bytea('update').notNull()
	};
}

/**
 * Every Yjs update the participants' editors produced, as uploaded: append-only, with the
 * author's clock and the server's. The hash makes a re-uploaded update a no-op.
 */
export const recordedUpdatesTable = pgTable(
	'recorded_updates',
	{
		seq: bigserial('seq', { mode: 'number' }).primaryKey(),
		...authoredUpdateColumns()
	},
	(table) => [
		// Per author: nobody's upload can take the credit for another participant's edit.
		uniqueIndex('recorded_updates_room_author_hash').on(
			table.roomId,
			table.participantId,
			table.hash
		),
		index('recorded_updates_room_seq').on(table.roomId, table.seq)
	]
);

/**
 * Uploaded updates the record cannot judge yet: they build on edits it does not have (an
 * author's upload often comes before the one it typed next to). Each is judged again as
 * more is stored, and moves to `recorded_updates` once allowed (recording/held-updates.ts).
 */
export const heldUpdatesTable = pgTable(
	'held_updates',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		...authoredUpdateColumns()
	},
	(table) => [
		uniqueIndex('held_updates_room_author_hash').on(table.roomId, table.participantId, table.hash)
	]
);

/**
 * Recorded updates packed and compressed once a keyframe covers them
 * (coordinator/src/recording/segment-codec.ts): what the recording keeps for the long run.
 */
export const recordedSegmentsTable = pgTable(
	'recorded_segments',
	{
		roomId: roomColumn(),
		fromSeq: bigint('from_seq', { mode: 'number' }).notNull(),
		throughSeq: bigint('through_seq', { mode: 'number' }).notNull(),
		updates: integer('updates').notNull(),
		data: bytea('data').notNull()
	},
	(table) => [uniqueIndex('recorded_segments_room_seq').on(table.roomId, table.throughSeq)]
);

/** The room's whole document every so many updates, so that a seek starts near its target. */
export const keyframesTable = pgTable(
	'keyframes',
	{
		roomId: roomColumn(),
		/** The last recorded update the state includes. */
		throughSeq: bigint('through_seq', { mode: 'number' }).notNull(),
		/** The latest author time among the included updates: the keyframe serves seeks from then on. */
		coversUntil: timestamp('covers_until', { withTimezone: true, precision: 3 }).notNull(),
		state: bytea('state').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [uniqueIndex('keyframes_room_seq').on(table.roomId, table.throughSeq)]
);

/** Presence and integrity signals the participants' pages recorded about themselves. */
export const recordedSignalsTable = pgTable(
	'recorded_signals',
	{
		id: uuid('id').primaryKey(),
		roomId: roomColumn(),
		participantId: participantColumn(),
		clientTime: timestamp('client_time', { withTimezone: true, precision: 3 }).notNull(),
		receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
		signal: jsonb('signal').$type<RecordedSignal>().notNull()
	},
	(table) => [index('recorded_signals_room_idx').on(table.roomId, table.clientTime)]
);

/** What an ended interview amounts to, kept for the dashboard, exports and the replay. */
export const sessionLogsTable = pgTable('session_logs', {
	roomId: roomColumn().primaryKey(),
	log: jsonb('log').$type<SessionLog>().notNull(),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

/** Colleagues the owner added to an interview: they enter and act as interviewers too. */
export const roomInterviewersTable = pgTable(
	'room_interviewers',
	{
		roomId: roomColumn(),
		userId: uuid('user_id')
			.notNull()
			.references(() => usersTable.id, { onDelete: 'cascade' }),
		addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [
		primaryKey({ columns: [table.roomId, table.userId] }),
		index('room_interviewers_user_idx').on(table.userId)
	]
);

/** Links an interviewer hands out for watching an interview read-only; revocable. */
export const observerLinksTable = pgTable(
	'observer_links',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		roomId: roomColumn(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		revokedAt: timestamp('revoked_at', { withTimezone: true })
	},
	(table) => [index('observer_links_room_idx').on(table.roomId)]
);
