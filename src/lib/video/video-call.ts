import { Peer, type CallOption, type MediaConnection } from 'peerjs';
import type { Awareness } from 'y-protocols/awareness';
import { peerjsPath } from '../protocol/paths';
import { peerjsKey } from '../protocol/video';
import type { Participant, PresenceMedia } from '../sync/presence';
import { planCalls, type PlannedCall } from './call-plan';
import type { LocalMedia } from './local-media';

/** After a call drops, the caller waits this long before calling again. */
const recallDelayMs = 2_000;
const maxReconnectDelayMs = 30_000;

// peerjs hands `constraints` to createOffer (Negotiator._makeOffer) but does not declare it.
// Asking to receive both kinds lets a caller without camera or microphone still get the
// other side's video and audio.
const receiveBoth = {
	constraints: { offerToReceiveAudio: true, offerToReceiveVideo: true }
} as CallOption;

export type VideoStatus = 'connecting' | 'connected' | 'offline';

export interface VideoCallOptions {
	peerId: string;
	/** The room token; the coordinator's PeerJS server admits `peerId` only with it. */
	token: string;
	iceServers: RTCIceServer[];
	awareness: Awareness;
	/** Whether this participant sends camera and microphone (observers do not). */
	publishes: boolean;
	media: LocalMedia;
	/** The others' streams, by peer id, whenever one arrives or goes. */
	onStreams: (streams: ReadonlyMap<string, MediaStream>) => void;
	onStatus: (status: VideoStatus) => void;
}

/** The coordinator's PeerJS server on this page's origin, never the public PeerJS cloud. */
function serverOptions() {
	const secure = location.protocol === 'https:';
	return {
		host: location.hostname,
		port: Number(location.port) || (secure ? 443 : 80),
		path: peerjsPath,
		secure,
		key: peerjsKey
	};
}

/**
 * This participant's side of the room's video calls: one PeerJS media connection with each
 * other participant, found through awareness (where this peer announces its id and whether
 * its camera and microphone are on). Media flows browser to browser; the coordinator only
 * relays the offers.
 */
export class VideoCall {
	private readonly peer: Peer;
	private readonly calls = new Map<string, MediaConnection>();
	private readonly streams = new Map<string, MediaStream>();
	private planned = new Map<string, PlannedCall>();
	private participants: readonly Participant[] = [];
	private reconnectAttempts = 0;
	private readonly timers = new Set<ReturnType<typeof setTimeout>>();
	private destroyed = false;

	constructor(private readonly options: VideoCallOptions) {
		this.peer = new Peer(options.peerId, {
			...serverOptions(),
			token: options.token,
			config: { iceServers: options.iceServers }
		});
		this.peer.on('open', () => {
			this.reconnectAttempts = 0;
			options.onStatus('connected');
			this.announce();
			this.update(this.participants);
		});
		this.peer.on('call', (call) => this.answer(call));
		this.peer.on('disconnected', () => this.reconnectLater());
		this.peer.on('close', () => !this.destroyed && options.onStatus('offline'));
		this.peer.on('error', (error) => console.warn(`video: ${error.type}: ${error.message}`));
	}

	/** Whether the camera is sending: there is one, and it is not switched off. */
	get camera(): boolean {
		return this.sending('video');
	}

	get microphone(): boolean {
		return this.sending('audio');
	}

	/** Calls whoever newly needs calling and hangs up on whoever left. */
	update(participants: readonly Participant[]) {
		this.participants = participants;
		if (this.destroyed || !this.peer.open) return;
		const planned = new Map(
			planCalls(
				{ peerId: this.options.peerId, publishes: this.options.publishes },
				participants
			).map((call) => [call.peerId, call])
		);
		// Only those seen before and gone now: a call may arrive before its caller's awareness.
		for (const peerId of this.planned.keys()) {
			if (!planned.has(peerId)) this.hangUp(peerId);
		}
		this.planned = planned;
		for (const call of planned.values()) {
			if (call.placesCall && !this.calls.has(call.peerId)) this.place(call.peerId);
		}
	}

	/** Switches the camera on or off without renegotiating; the others see it in awareness. */
	setCamera(on: boolean) {
		for (const track of this.options.media.stream?.getVideoTracks() ?? []) track.enabled = on;
		this.announce();
	}

	setMicrophone(on: boolean) {
		for (const track of this.options.media.stream?.getAudioTracks() ?? []) track.enabled = on;
		this.announce();
	}

	/** Hangs up every call, leaves the PeerJS server and releases camera and microphone. */
	destroy() {
		this.destroyed = true;
		for (const timer of this.timers) clearTimeout(timer);
		for (const peerId of [...this.calls.keys()]) this.hangUp(peerId);
		this.peer.destroy();
		for (const track of this.options.media.stream?.getTracks() ?? []) track.stop();
		this.options.awareness.setLocalStateField('media', null);
	}

	private sending(kind: 'video' | 'audio'): boolean {
		if (!this.options.publishes) return false;
		const tracks =
			kind === 'video'
				? this.options.media.stream?.getVideoTracks()
				: this.options.media.stream?.getAudioTracks();
		return (tracks ?? []).some((track) => track.enabled && track.readyState === 'live');
	}

	private announce() {
		if (this.destroyed) return;
		const media: PresenceMedia = {
			peerId: this.options.peerId,
			camera: this.camera,
			microphone: this.microphone
		};
		this.options.awareness.setLocalStateField('media', media);
	}

	/** What this side sends: nothing for an observer or a person without devices. */
	private outgoing(): MediaStream | undefined {
		return this.options.publishes ? (this.options.media.stream ?? undefined) : undefined;
	}

	private place(peerId: string) {
		// peerjs will not place a call without a stream; an empty one sends nothing.
		const call = this.peer.call(peerId, this.outgoing() ?? new MediaStream(), receiveBoth);
		if (call) this.track(call);
	}

	private answer(call: MediaConnection) {
		// The coordinator relays offers only between admitted participants of this room.
		this.calls.get(call.peer)?.close();
		this.track(call);
		call.answer(this.outgoing());
	}

	private track(call: MediaConnection) {
		this.calls.set(call.peer, call);
		call.on('stream', (stream) => {
			if (this.calls.get(call.peer) !== call) return;
			this.streams.set(call.peer, stream);
			this.options.onStreams(new Map(this.streams));
		});
		call.on('close', () => {
			if (this.calls.get(call.peer) !== call) return;
			this.forget(call.peer);
			// A call that dropped (network, the other side reloading) is placed again if still due.
			if (this.planned.get(call.peer)?.placesCall)
				this.later(recallDelayMs, () => this.update(this.participants));
		});
		call.on('error', (error) => console.warn(`video call with ${call.peer}: ${error.message}`));
	}

	private hangUp(peerId: string) {
		const call = this.calls.get(peerId);
		this.forget(peerId);
		call?.close();
	}

	private forget(peerId: string) {
		this.calls.delete(peerId);
		if (this.streams.delete(peerId)) this.options.onStreams(new Map(this.streams));
	}

	/** Calls already connected go on browser to browser; only new calls need the server. */
	private reconnectLater() {
		if (this.destroyed || this.peer.destroyed) return;
		this.options.onStatus('offline');
		const delayMs = Math.min(maxReconnectDelayMs, 1_000 * 2 ** this.reconnectAttempts++);
		this.later(delayMs, () => {
			if (this.peer.disconnected && !this.peer.destroyed) {
				this.options.onStatus('connecting');
				this.peer.reconnect();
			}
		});
	}

	private later(delayMs: number, run: () => void) {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			if (!this.destroyed) run();
		}, delayMs);
		this.timers.add(timer);
	}
}
