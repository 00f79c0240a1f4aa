import type { Handle } from '@sveltejs/kit';

export { handleError } from '$lib/server/handle-error';

/**
 * Headers on every response of the app, beside the Content Security Policy that SvelteKit
 * sets from `kit.csp` (svelte.config.js).
 */
const securityHeaders = {
	'x-content-type-options': 'nosniff',
	// Invite tokens and observer links travel in URLs: no other site may see them.
	'referrer-policy': 'no-referrer',
	// Camera and microphone for this origin only, never for a frame; nothing else powerful.
	'permissions-policy':
		'camera=(self), microphone=(self), display-capture=(), geolocation=(), payment=(), usb=()'
};

/**
 * Kludge: SvelteKit puts its nonce in `style-src` only when it inlines styles itself, which a
 * client-rendered app never does. CodeMirror's one <style> element carries that same nonce
 * (src/lib/editor/csp-nonce.ts), so `style-src` gets it too; no other inline style passes.
 */
function allowNoncedStyles(policy: string): string {
	const nonce = /'nonce-[^']+'/.exec(policy)?.[0];
	if (!nonce) return policy;
	// In development SvelteKit allows 'unsafe-inline' for Vite's styles, which a nonce would void.
	return policy.replace(/(^|;\s*)(style-src)(\s[^;]*)/, (directive) =>
		directive.includes(nonce) || directive.includes("'unsafe-inline'")
			? directive
			: `${directive} ${nonce}`
	);
}

export const handle: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	for (const [name, value] of Object.entries(securityHeaders)) response.headers.set(name, value);
	const policy = response.headers.get('content-security-policy');
	if (policy) response.headers.set('content-security-policy', allowNoncedStyles(policy));
	return response;
};
