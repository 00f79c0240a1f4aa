import { redirect } from '@sveltejs/kit';
import { trpc } from '$lib/trpc';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, depends }) => {
	const { user } = await parent();
	if (!user) redirect(307, '/login');
	depends('app:interviews');
	return { interviews: await trpc.rooms.list.query() };
};
