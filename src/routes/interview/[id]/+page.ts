import { error } from '@sveltejs/kit';
import { errorCode, trpc } from '$lib/trpc';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url }) => {
	try {
		return {
			interview: await trpc.rooms.byId.query({ id: params.id }),
			/** From an observer link: this visitor joins read-only. */
			observerLink: url.searchParams.get('observe') ?? undefined
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
