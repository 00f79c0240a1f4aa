// The room needs IndexedDB, WebRTC and CodeMirror, which exist only in the browser.
export const ssr = false;

import { trpc } from '$lib/trpc';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = async ({ depends }) => {
	depends('app:session');
	return { user: await trpc.auth.me.query() };
};
