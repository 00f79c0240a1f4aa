import { error } from '@sveltejs/kit';
import { localCopyName, readLocalCopyEarly } from '$lib/sync/early-local-copy';
import { serverOffsetMs } from '$lib/time/server-clock';
import { errorCode, trpc } from '$lib/trpc';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url }) => {
	// While the coordinator answers, IndexedDB reads the local copy a refreshed room shows.
	readLocalCopyEarly(localCopyName(params.id));
	/** From the candidate's invite link: what lets this visitor in as the candidate. */
	const invite = url.searchParams.get('invite') ?? undefined;
	/** From an observer link: this visitor joins read-only. */
	const observerLink = url.searchParams.get('observe') ?? undefined;
	try {
		const sentAt = Date.now();
		const interview = await trpc.rooms.byId.query({ id: params.id, invite, observe: observerLink });
		return {
			interview,
			invite,
			observerLink,
			serverOffsetMs: serverOffsetMs(interview.serverNow, sentAt, Date.now())
		};
	} catch (caught) {
		const code = errorCode(caught);
		// A malformed id is as unknown as a well-formed one nobody created.
		if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') {
			error(404, `Interview not found: no interview has the id '${params.id}'.`);
		}
		throw caught;
	}
};
