// Runs in Chromium for peer-options.test.ts: what peer-options.ts relies on in peerjs 1.5.5.
import { Peer, type CallOption } from 'peerjs';
import { callOptions, peerOptions } from './peer-options';

const peerjsCanary = {
	/**
	 * Opens a PeerJS peer with this page's options (to the PeerJS server on this origin) and,
	 * once the server said OPEN, calls `callee` sending no tracks: with `callOptions(token)`,
	 * or (`plain`) with the token's metadata alone.
	 */
	call(id: string, callee: string, token: string, plain: boolean) {
		const peer = new Peer(id, peerOptions(token, []));
		const options: CallOption = plain ? { metadata: { token } } : callOptions(token);
		peer.on('open', () => peer.call(callee, new MediaStream(), options));
	}
};

Object.assign(window, { peerjsCanary });

declare global {
	interface Window {
		peerjsCanary: typeof peerjsCanary;
	}
}
