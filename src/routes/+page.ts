import { redirect } from '@sveltejs/kit';
import { maxInterviewSearchLength } from '$lib/protocol/room-list';
import { trpc } from '$lib/trpc';
import type { PageLoad } from './$types';

/** The dashboard's search is `?q=` in its URL, so a search can be reloaded and shared. */
export const load: PageLoad = async ({ parent, depends, url }) => {
	const { user } = await parent();
	if (!user) redirect(307, '/login');
	depends('app:interviews');
	const search = (url.searchParams.get('q') ?? '').trim().slice(0, maxInterviewSearchLength);
	return {
		search,
		interviews: await trpc.rooms.list.query(search ? { search } : undefined)
	};
};
