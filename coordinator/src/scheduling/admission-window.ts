import type { RoomRole, RoomStatus } from '../../../src/lib/protocol/rooms';

/** Candidates and observers may enter from this long before the scheduled start. */
export const opensBeforeStartMs = 15 * 60_000;
/** A start this far in the past is still accepted, for a form filled in slowly. */
export const pastStartToleranceMs = 5 * 60_000;

/** What decides whether someone may enter now. */
export interface RoomSchedule {
	/** Null for an interview that was not scheduled: it is open at once. */
	scheduledAt: Date | null;
	status: RoomStatus;
}

export type AdmissionVerdict =
	| { open: true }
	| { open: false; reason: 'not-yet'; opensAt: Date }
	| { open: false; reason: 'ended' };

/** When candidates and observers may first enter; null when they may at once. */
export function opensAt(scheduledAt: Date | null): Date | null {
	return scheduledAt && new Date(scheduledAt.getTime() - opensBeforeStartMs);
}

/**
 * Whether someone in `role` may be admitted at `now` (the server's clock). Interviewers
 * always may; candidates and observers from `opensAt` until the interview has ended.
 */
export function admissionVerdict(room: RoomSchedule, role: RoomRole, now: Date): AdmissionVerdict {
	if (role === 'interviewer') return { open: true };
	if (room.status === 'ended') return { open: false, reason: 'ended' };
	const opening = opensAt(room.scheduledAt);
	if (opening && now < opening) return { open: false, reason: 'not-yet', opensAt: opening };
	return { open: true };
}

/** Why `startsAt` cannot be a new start time at `now`, or null when it can. */
export function startTimeProblem(startsAt: Date, now: Date): string | null {
	if (startsAt.getTime() < now.getTime() - pastStartToleranceMs) {
		return `The start time ${startsAt.toISOString()} is in the past (server time is ${now.toISOString()})`;
	}
	return null;
}
