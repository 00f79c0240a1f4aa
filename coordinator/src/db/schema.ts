import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const usersTable = pgTable('users', {
	id: uuid('id').primaryKey().defaultRandom(),
	email: text('email').notNull().unique(),
	name: text('name').notNull(),
	passwordHash: text('password_hash').notNull(),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

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
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [index('rooms_owner_created_idx').on(table.ownerId, table.createdAt)]
);

export const participantsTable = pgTable(
	'participants',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		roomId: uuid('room_id')
			.notNull()
			.references(() => roomsTable.id, { onDelete: 'cascade' }),
		userId: uuid('user_id').references(() => usersTable.id, { onDelete: 'set null' }),
		name: text('name').notNull(),
		role: text('role', { enum: ['interviewer', 'candidate'] }).notNull(),
		/** Order of admission in the room; picks a cursor colour no earlier participant has. */
		colorIndex: integer('color_index').notNull().default(0),
		admittedAt: timestamp('admitted_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [index('participants_room_idx').on(table.roomId)]
);
