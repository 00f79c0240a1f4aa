// A bare Yjs peer for the baselines, without the app. `?transport=webrtc&signaling=…` syncs
// through raw y-webrtc, `?transport=relay&server=…` through a y-websocket relay, and
// `&editor=1` adds a CodeMirror editor bound to the text, set up as the app's is.
import { yCollab } from 'y-codemirror.next';
import { WebrtcProvider } from 'y-webrtc';
import { WebsocketProvider } from 'y-websocket';
import { EditorView, basicSetup } from 'codemirror';
import { python } from '@codemirror/lang-python';
import * as Y from 'yjs';

const params = new URLSearchParams(location.search);
const room = params.get('room') ?? 'bench';
const doc = new Y.Doc();
const text = doc.getText('code');
const now = () => performance.timeOrigin + performance.now();
const arrivals: number[] = [];
const localUpdates: number[] = [];

let connected: () => boolean;
let provider: WebrtcProvider | WebsocketProvider;
if (params.get('transport') === 'relay') {
	const relay = new WebsocketProvider(params.get('server')!, room, doc);
	connected = () => relay.synced;
	provider = relay;
} else {
	const webrtc = new WebrtcProvider(room, doc, {
		signaling: [params.get('signaling')!],
		// The app encrypts signaling with a room password too, so both pay the same.
		password: params.get('password') ?? 'bench-password',
		peerOpts: { config: { iceServers: [] } }
	});
	// Connected means the data channel is open and the first sync went through, not only
	// that a connection is being negotiated.
	connected = () => {
		const conns = [...(webrtc.room?.webrtcConns.values() ?? [])];
		return conns.length === 1 && conns[0]!.connected && conns[0]!.synced;
	};
	provider = webrtc;
}

// Observed before the editor binds to the text, so a remote edit is timed when Yjs has
// applied it and before CodeMirror renders it.
text.observe((event) => {
	if (!event.transaction.local) arrivals.push(now());
});
doc.on(
	'update',
	(_update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
		if (transaction.local) localUpdates.push(now());
	}
);

if (params.get('editor')) {
	const content = document.createElement('div');
	content.dataset.testid = 'editor';
	document.body.append(content);
	new EditorView({
		parent: content,
		doc: text.toString(),
		extensions: [basicSetup, python(), yCollab(text, provider.awareness)]
	});
	provider.awareness.setLocalStateField('user', { name: 'Bench Peer', color: '#1a7f37' });
}

Object.assign(window, {
	benchPeer: {
		connected: () => connected(),
		/** Appends one character; returns the shared-clock time just before the edit. */
		insert(char: string): number {
			const sentAt = now();
			text.insert(text.length, char);
			return sentAt;
		},
		arrivals,
		localUpdates
	}
});
