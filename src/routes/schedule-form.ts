import type { ScheduleInput } from '$lib/protocol/rooms';
import { fromDatetimeLocal, toDatetimeLocal } from '$lib/time/datetime-local';

/** What the schedule inputs hold, as typed. */
export interface ScheduleDraft {
	startsAt: string;
	durationMinutes: number;
	candidateName: string;
	candidateEmail: string;
}

const defaultDurationMinutes = 60;

/** A draft for a new interview: the next full hour, for an hour. */
export function newScheduleDraft(now = new Date()): ScheduleDraft {
	const nextHour = new Date(now);
	nextHour.setHours(now.getHours() + 1, 0, 0, 0);
	return {
		startsAt: toDatetimeLocal(nextHour),
		durationMinutes: defaultDurationMinutes,
		candidateName: '',
		candidateEmail: ''
	};
}

/** A draft holding an interview's current schedule, for rescheduling it. */
export function draftOf(interview: {
	scheduledAt: string;
	durationMinutes: number | null;
	candidateName: string | null;
	candidateEmail: string | null;
}): ScheduleDraft {
	return {
		startsAt: toDatetimeLocal(new Date(interview.scheduledAt)),
		durationMinutes: interview.durationMinutes ?? defaultDurationMinutes,
		candidateName: interview.candidateName ?? '',
		candidateEmail: interview.candidateEmail ?? ''
	};
}

/** The draft as the coordinator takes it; blank fields are left out. */
export function scheduleOf(draft: ScheduleDraft): ScheduleInput {
	return {
		startsAt: fromDatetimeLocal(draft.startsAt),
		durationMinutes: draft.durationMinutes,
		candidateName: draft.candidateName.trim() || undefined,
		candidateEmail: draft.candidateEmail.trim() || undefined
	};
}
