/**
 * A hand-built video caller (bundled for a test page by client-page.ts): admitted with a
 * valid room token like any visitor, it connects to the coordinator's PeerJS server under
 * its own peer id and calls a page directly, with or without ever joining the document.
 * Pages must answer only participants present in the verified presence.
 */
import { Peer, type CallOption, type MediaConnection } from 'peerjs';
import { peerjsPath } from '../../../src/lib/protocol/paths';
import { peerjsKey } from '../../../src/lib/protocol/video';
import { roomDoc } from '../../../src/lib/shared/document/room-doc';
import { connect, join, type Entry, type RawAdmission } from './raw-join';

let admission: RawAdmission;
let peer: Peer;
let call: MediaConnection | undefined;
const outcome = { gotStream: false, closed: false };

const rawCaller = {
	async start(roomId: string, entry: Entry, name: string) {
		admission = await join(roomId, entry, name);
		peer = new Peer(admission.peerId, {
			host: location.hostname,
			port: Number(location.port),
			path: peerjsPath,
			key: peerjsKey,
			token: admission.token,
			config: { iceServers: [] }
		});
		await new Promise((resolve, reject) => {
			peer.once('open', resolve);
			peer.once('error', reject);
		});
	},
	/** Joins the room's document and announces its peer id, as the app's pages do. */
	joinDocument() {
		const provider = connect(roomDoc(), admission);
		provider.awareness.setLocalStateField('media', {
			peerId: admission.peerId,
			camera: false,
			microphone: false
		});
	},
	/** Calls `peerId` with nothing to send, its room token attached, asking for both media. */
	call(peerId: string) {
		outcome.gotStream = outcome.closed = false;
		const placed = peer.call(peerId, new MediaStream(), {
			metadata: { token: admission.token },
			constraints: { offerToReceiveAudio: true, offerToReceiveVideo: true }
		} as CallOption);
		call = placed;
		placed.on('stream', (stream) => {
			if (call === placed && stream.getTracks().length) outcome.gotStream = true;
		});
		placed.on('close', () => {
			if (call === placed) outcome.closed = true;
		});
	},
	/** What came of the last call: a stream from the other side, an answer, a hang-up. */
	outcome: () => ({ ...outcome, answered: call?.open ?? false })
};

Object.assign(window, { rawCaller });
