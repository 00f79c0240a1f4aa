import type { CallOption, PeerOptions } from 'peerjs';
import { peerjsPath } from '../protocol/paths';
import { peerjsKey } from '../protocol/video';

const maxTokenLength = 4096;

/**
 * The options of this page's one PeerJS peer: the coordinator's PeerJS server on this page's
 * origin (never the public PeerJS cloud), and the room token as PeerJS's `token`, which it
 * puts on its WebSocket URL (`…&id=…&token=…`) for the server to check.
 */
export function peerOptions(token: string, iceServers: RTCIceServer[]): PeerOptions {
	const secure = location.protocol === 'https:';
	return {
		host: location.hostname,
		port: Number(location.port) || (secure ? 443 : 80),
		path: peerjsPath,
		secure,
		key: peerjsKey,
		token,
		config: { iceServers }
	};
}

/**
 * What goes with a call this page places: its room token, for the callee to check before it
 * answers, and a request for both kinds of media, so that a caller without camera or
 * microphone still gets the other side's video and audio.
 */
export function callOptions(token: string): CallOption {
	// peerjs hands `constraints` to createOffer (Negotiator._makeOffer) but does not declare it.
	return {
		metadata: { token },
		constraints: { offerToReceiveAudio: true, offerToReceiveVideo: true }
	} as CallOption;
}

/** The room token a caller sent along with its call, if its metadata (anything) holds one. */
export function callerToken(metadata: unknown): string | null {
	const token = (metadata as { token?: unknown } | null | undefined)?.token;
	return typeof token === 'string' && token.length <= maxTokenLength ? token : null;
}
