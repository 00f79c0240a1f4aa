import { and, desc, eq, exists, ilike, inArray, or, sql } from 'drizzle-orm';
import type { InterviewPhase, ListRoomsInput } from '../../../src/lib/protocol/room-list';
import type { Context } from '../context';
import {
	participantsTable,
	roomInterviewersTable,
	roomsTable,
	sessionLogsTable
} from '../db/schema';
import { scheduleView } from './room-schedule';

/**
 * What the stored session log of an ended interview says (session-log.ts), the same record
 * the replay is built from: the language it ended in, when its recorded activity began and
 * how long it lasted. Only these fields are read out of the log, not its code or chat.
 */
const loggedSummary = {
	loggedLanguage: sql<string | null>`${sessionLogsTable.log}->>'language'`,
	loggedStartedAt: sql<string | null>`${sessionLogsTable.log}->>'startedAt'`,
	loggedDurationMs: sql<string | null>`${sessionLogsTable.log}->>'durationMs'`
};

/** `text` as a LIKE pattern that matches it anywhere, its own `%`, `_` and `\` taken literally. */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

/** Where the dashboard lists the interview at `now` (room-list.ts in the protocol). */
export function interviewPhase(
	room: { status: string; scheduledAt: Date | null; durationMinutes: number | null },
	now: Date
): InterviewPhase {
	if (room.status === 'ended') return 'ended';
	if (!room.scheduledAt) return 'open';
	const plannedEnd = room.scheduledAt.getTime() + (room.durationMinutes ?? 0) * 60_000;
	return plannedEnd > now.getTime() ? 'upcoming' : 'open';
}

/** The rooms `userId` may act in as an interviewer: owned, or added to by the owner. */
function interviewerOf(ctx: Context, userId: string) {
	return or(
		eq(roomsTable.ownerId, userId),
		inArray(
			roomsTable.id,
			ctx.services.db
				.select({ id: roomInterviewersTable.roomId })
				.from(roomInterviewersTable)
				.where(eq(roomInterviewersTable.userId, userId))
		)
	);
}

/** Rooms whose title or candidate (as scheduled, or as admitted) matches `search`. */
function matching(ctx: Context, search: string) {
	const pattern = containsPattern(search);
	return or(
		ilike(roomsTable.title, pattern),
		ilike(roomsTable.candidateName, pattern),
		// EXISTS, not a join: a room with several matching candidates is still one row.
		exists(
			ctx.services.db
				.select({ one: sql`1` })
				.from(participantsTable)
				.where(
					and(
						eq(participantsTable.roomId, roomsTable.id),
						eq(participantsTable.role, 'candidate'),
						ilike(participantsTable.name, pattern)
					)
				)
		)
	);
}

/**
 * Who took part in the room, in order of admission, each person once: an interviewer who
 * came in from two browsers was admitted twice.
 */
function peopleOf(participants: { roomId: string; name: string; role: string }[], roomId: string) {
	const people = new Map<string, { name: string; role: string }>();
	for (const { roomId: room, name, role } of participants) {
		if (room === roomId)
			people.set(`${role} ${name}`, people.get(`${role} ${name}`) ?? { name, role });
	}
	return [...people.values()];
}

/**
 * The signed-in interviewer's interviews, newest first, each once, with who took part and
 * where the dashboard lists it (`phase`). A finished one shows what its replay shows: the
 * language it ended in, when its recorded activity began and how long it lasted, from its
 * session log; it has no candidate link any more (`inviteToken` null).
 */
export async function listInterviews(
	ctx: Context & { user: { id: string } },
	input: ListRoomsInput
) {
	const { db } = ctx.services;
	const now = ctx.services.clock();
	const search = input.search || undefined;
	const rooms = await db
		.select({
			id: roomsTable.id,
			title: roomsTable.title,
			language: roomsTable.language,
			status: roomsTable.status,
			createdAt: roomsTable.createdAt,
			endedAt: roomsTable.endedAt,
			...loggedSummary,
			scheduledAt: roomsTable.scheduledAt,
			durationMinutes: roomsTable.durationMinutes,
			candidateName: roomsTable.candidateName,
			candidateEmail: roomsTable.candidateEmail,
			inviteToken: roomsTable.inviteToken,
			passwordRequired: sql<boolean>`${roomsTable.passwordHash} is not null`
		})
		.from(roomsTable)
		// One session log per room at most (its primary key): the join adds no rows.
		.leftJoin(sessionLogsTable, eq(sessionLogsTable.roomId, roomsTable.id))
		.where(and(interviewerOf(ctx, ctx.user.id), search ? matching(ctx, search) : undefined))
		.orderBy(desc(roomsTable.createdAt), desc(roomsTable.id))
		.limit(input.limit);
	const ids = rooms.map((room) => room.id);
	const participants = ids.length
		? await db
				.select({
					roomId: participantsTable.roomId,
					name: participantsTable.name,
					role: participantsTable.role
				})
				.from(participantsTable)
				.where(inArray(participantsTable.roomId, ids))
				.orderBy(participantsTable.admittedAt)
		: [];
	return rooms.map(
		({
			loggedLanguage,
			loggedStartedAt,
			loggedDurationMs,
			scheduledAt,
			durationMinutes,
			inviteToken,
			...room
		}) => {
			const phase = interviewPhase({ status: room.status, scheduledAt, durationMinutes }, now);
			return {
				...room,
				phase,
				inviteToken: phase === 'ended' ? null : inviteToken,
				language: loggedLanguage ?? room.language,
				...scheduleView({ scheduledAt, durationMinutes }),
				startedAt: loggedStartedAt,
				durationMs: loggedDurationMs === null ? null : Number(loggedDurationMs),
				participants: peopleOf(participants, room.id)
			};
		}
	);
}
