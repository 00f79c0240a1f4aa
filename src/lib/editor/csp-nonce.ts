import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';

/**
 * Lets the <style> element CodeMirror puts its styles in pass the page's Content Security
 * Policy (svelte.config.js), with the nonce SvelteKit gave this page's bootstrap script.
 * @see https://codemirror.net/docs/ref/#view.EditorView^cspNonce
 */
export function cspNonce(): Extension {
	// Browsers hide a nonce from getAttribute; the property still tells the page's own scripts.
	const nonce = document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce ?? '';
	return EditorView.cspNonce.of(nonce);
}
