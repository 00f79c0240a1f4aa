import { error, redirect } from '@sveltejs/kit';
import { errorCode, trpc } from '$lib/trpc';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, parent }) => {
	const { user } = await parent();
	if (!user) redirect(307, '/login');
	try {
		return { session: await trpc.recording.session.query({ id: params.id }) };
	} catch (caught) {
		const code = errorCode(caught);
		if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') {
			error(404, `No replay: you have no interview with the id '${params.id}'.`);
		}
		throw caught;
	}
};
