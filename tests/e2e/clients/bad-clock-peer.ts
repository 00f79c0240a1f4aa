/**
 * A candidate whose chat lines carry impossible times (bundled for a test page by
 * client-page.ts): it writes them into the room's chat over WebRTC, bypassing the app's own
 * checks, and uploads them for the replay as any page uploads its edits. Honest pages must
 * drop those lines and go on showing the chat, and the replay must still open.
 */
import { toBase64 } from 'lib0/buffer';
import type { WebrtcProvider } from 'y-webrtc';
import { trpcPath } from '../../../src/lib/protocol/paths';
import { roomDoc } from '../../../src/lib/shared/document/room-doc';
import { connect, join, ownLine, type RawAdmission } from './raw-join';

const room = roomDoc();
let admission: RawAdmission;
let provider: WebrtcProvider;
const recorded: { type: 'update'; at: number; update: string }[] = [];
room.doc.on('update', (update: Uint8Array, _origin: unknown, _doc: unknown, transaction) => {
	if ((transaction as { local: boolean }).local) {
		recorded.push({ type: 'update', at: Date.now(), update: toBase64(update) });
	}
});

const badClock = {
	async start(roomId: string, invite: string, name: string) {
		admission = await join(roomId, { invite }, name);
		provider = connect(room, admission);
	},
	connectedPeers: () => provider.room?.webrtcConns.size ?? 0,
	/** Adds a chat line in its own name, signed, sent at `sentAt` whatever that is. */
	async chat(id: string, text: string, sentAt: number) {
		room.chat.push([await ownLine(admission, { id, text, sentAt })]);
	},
	/** Uploads what it wrote, as the app's recorder would; resolves to the HTTP status. */
	async upload() {
		const response = await fetch(`${trpcPath}/recording.upload`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ token: admission.token, entries: recorded })
		});
		return response.status;
	}
};

Object.assign(window, { badClock });
