import { TRPCError } from '@trpc/server';
import type { ScheduleInput } from '../../../src/lib/protocol/rooms';
import { opensAt, startTimeProblem } from '../scheduling/admission-window';

/** The room columns `schedule` sets (null: start at once); a start in the past is refused. */
export function scheduleColumns(schedule: ScheduleInput | null | undefined, now: Date) {
	if (!schedule) {
		return { scheduledAt: null, durationMinutes: null, candidateName: null, candidateEmail: null };
	}
	const scheduledAt = new Date(schedule.startsAt);
	const problem = startTimeProblem(scheduledAt, now);
	if (problem) throw new TRPCError({ code: 'BAD_REQUEST', message: problem });
	return {
		scheduledAt,
		durationMinutes: schedule.durationMinutes,
		candidateName: schedule.candidateName ?? null,
		candidateEmail: schedule.candidateEmail ?? null
	};
}

/** A room's schedule as the client reads it: ISO times, and when candidates may enter. */
export function scheduleView(room: { scheduledAt: Date | null; durationMinutes: number | null }) {
	return {
		scheduledAt: room.scheduledAt?.toISOString() ?? null,
		durationMinutes: room.durationMinutes,
		opensAt: opensAt(room.scheduledAt)?.toISOString() ?? null
	};
}
