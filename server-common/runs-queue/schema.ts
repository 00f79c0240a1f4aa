import { sql } from 'drizzle-orm';
import {
	boolean,
	doublePrecision,
	index,
	integer,
	jsonb,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import type { LimitKind, RunOutput, RunStatus } from '../../src/lib/protocol/runs';

/**
 * The coordinator's tables a run belongs to, by their keys alone: the queue needs no more of
 * them, and drizzle-kit names a foreign key by table and column, so the constraints below are
 * the ones of the coordinator's schema (`coordinator/src/db/schema.ts`, which re-exports the
 * tables of this file so that its migrations and its typed database include them).
 */
const roomKeys = pgTable('rooms', { id: uuid('id').primaryKey() });
const participantKeys = pgTable('participants', { id: uuid('id').primaryKey() });

/**
 * Every Run click: the request, then the outcome and output once a runner has finished it.
 * Runners claim `queued` rows (FOR UPDATE SKIP LOCKED), so several can share the table.
 */
export const runsTable = pgTable(
	'runs',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		roomId: uuid('room_id')
			.notNull()
			.references(() => roomKeys.id, { onDelete: 'cascade' }),
		participantId: uuid('participant_id')
			.notNull()
			.references(() => participantKeys.id, { onDelete: 'cascade' }),
		language: text('language').notNull(),
		source: text('source').notNull(),
		/** sha256 of the source, hex: the same code run twice is recognisable. */
		codeHash: text('code_hash').notNull(),
		stdin: text('stdin').notNull(),
		status: text('status').$type<RunStatus>().notNull().default('queued'),
		/** Which runner took it, for the logs and for reclaiming runs of a runner that died. */
		claimedBy: text('claimed_by'),
		exitCode: integer('exit_code'),
		limitsHit: jsonb('limits_hit').$type<LimitKind[]>().notNull().default([]),
		compileMs: doublePrecision('compile_ms'),
		runMs: doublePrecision('run_ms'),
		outputTruncated: boolean('output_truncated').notNull().default(false),
		output: jsonb('output').$type<RunOutput[]>().notNull().default([]),
		message: text('message'),
		/**
		 * Set when someone pressed Stop on the run while it ran: the runner holding it kills
		 * its sandbox (told at once by a notice, or at its next poll) and records it stopped.
		 */
		stopRequestedAt: timestamp('stop_requested_at', { withTimezone: true }),
		/** Who pressed Stop, from their verified room token. */
		stoppedBy: uuid('stopped_by').references(() => participantKeys.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		startedAt: timestamp('started_at', { withTimezone: true }),
		finishedAt: timestamp('finished_at', { withTimezone: true })
	},
	(table) => [
		index('runs_room_created_idx').on(table.roomId, table.createdAt),
		index('runs_queue_idx').on(table.status, table.createdAt),
		// At most one run per room waits or runs at a time, however many coordinators there are.
		uniqueIndex('runs_one_active_per_room')
			.on(table.roomId)
			.where(sql`${table.status} in ('queued', 'running')`)
	]
);

/** Stand-alone runner processes (RUNNER_MODE=remote) report here that they are alive. */
export const runnersTable = pgTable('runners', {
	id: text('id').primaryKey(),
	/** Whether its Docker engine answered at the last heartbeat, and if not, why. */
	available: boolean('available').notNull(),
	reason: text('reason'),
	lastSeen: timestamp('last_seen', { withTimezone: true }).notNull().defaultNow()
});
