import { Peer, type MediaConnection } from 'peerjs';
import type { Awareness } from 'y-protocols/awareness';
import type { PresenceMedia } from '../sync/presence';
import type { VerifiedPeer } from '../shared/rules/update-policy';
import { judgeCall } from './call-admission';
import { samePlan, type PlannedCall } from './call-plan';
import type { LocalMedia } from './local-media';
import { callerToken, callOptions, peerOptions } from './peer-options';

/** After a call drops, the caller waits this long before calling again. */
const recallDelayMs = 2_000;
/** A call placed and not answered by then is closed and placed again while still due. */
const answerTimeoutMs = 10_000;
/** How long a call from someone not (yet) present waits for them to appear before it is closed. */
const unplannedCallWaitMs = 8_000;
const maxReconnectDelayMs = 30_000;

export type VideoStatus = 'connecting' | 'connected' | 'offline';

export interface VideoCallOptions {
	roomId: string;
	peerId: string;
	/** The room token: the PeerJS server admits `peerId` with it, and callees check it. */
	token: string;
	/** Checks a caller's room token (peer-pass.ts); rejects a forged, expired or foreign one. */
	verify(token: string): Promise<VerifiedPeer>;
	iceServers: RTCIceServer[];
	awareness: Awareness;
	/** Whether this participant sends camera and microphone (observers do not). */
	publishes: boolean;
	media: LocalMedia;
	/** The others' streams, by peer id, whenever one arrives or goes. */
	onStreams: (streams: ReadonlyMap<string, MediaStream>) => void;
	onStatus: (status: VideoStatus) => void;
}

/** An answered or placed call, and who the other side proved to be when it called us. */
interface OpenCall {
	connection: MediaConnection;
	caller: VerifiedPeer | null;
}

/** An incoming call that is not due yet, waiting for its caller to appear in presence. */
interface WaitingCall {
	connection: MediaConnection;
	caller: VerifiedPeer;
	timer: ReturnType<typeof setTimeout>;
}

/**
 * This participant's side of the room's video calls: one PeerJS media connection with each
 * participant of the plan (call-plan.ts, derived from the verified presence, where this peer
 * announces its id and whether its camera and microphone are on). Calls come and go only
 * with the plan; one PeerJS `Peer` serves the page's whole stay in the room. Media flows
 * browser to browser; the coordinator only relays the offers.
 */
export class VideoCall {
	private readonly peer: Peer;
	private readonly calls = new Map<string, OpenCall>();
	private readonly waiting = new Map<string, WaitingCall>();
	private readonly streams = new Map<string, MediaStream>();
	private plan: readonly PlannedCall[] = [];
	private revokedLinks: ReadonlySet<string> = new Set();
	private reconnectAttempts = 0;
	private readonly timers = new Set<ReturnType<typeof setTimeout>>();
	private readonly warned = new Set<string>();
	private destroyed = false;

	constructor(private readonly options: VideoCallOptions) {
		this.peer = new Peer(options.peerId, peerOptions(options.token, options.iceServers));
		this.peer.on('open', () => {
			this.reconnectAttempts = 0;
			options.onStatus('connected');
			this.announce();
			this.placeDueCalls();
		});
		this.peer.on('call', (connection) => void this.receive(connection));
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

	/**
	 * Follows the plan: calls whoever newly needs calling, hangs up on whoever left it, and
	 * answers a waiting caller who is due now. A plan equal to the current one changes nothing.
	 */
	setPlan(plan: readonly PlannedCall[]) {
		if (this.destroyed || samePlan(plan, this.plan)) return;
		this.plan = plan;
		this.enforce();
		this.placeDueCalls();
	}

	/** Observers who came in by these links are hung up on and not answered any more. */
	setRevokedLinks(links: ReadonlySet<string>) {
		if (this.destroyed) return;
		this.revokedLinks = links;
		this.enforce();
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
		if (this.destroyed) return;
		this.destroyed = true;
		for (const timer of this.timers) clearTimeout(timer);
		for (const [peerId, { connection }] of this.waiting) {
			this.dismiss(peerId);
			connection.close();
		}
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

	/** Judges every open and waiting call again, after the plan or the revoked links changed. */
	private enforce() {
		for (const [peerId, { caller }] of this.calls) {
			const planned = this.plan.find((entry) => entry.peerId === peerId);
			const revoked = caller?.observerLink && this.revokedLinks.has(caller.observerLink);
			if (!planned || revoked) this.hangUp(peerId);
		}
		for (const [peerId, { connection, caller }] of this.waiting) {
			const verdict = this.judge(peerId, caller);
			if (verdict.kind === 'wait') continue;
			this.dismiss(peerId);
			if (verdict.kind === 'answer') this.answer(connection, caller);
			else this.refuse(connection, verdict.reason);
		}
	}

	private placeDueCalls() {
		if (this.destroyed || !this.peer.open) return;
		for (const call of this.plan) {
			if (call.placesCall && !this.calls.has(call.peerId)) this.place(call.peerId);
		}
	}

	private place(peerId: string) {
		// peerjs will not place a call without a stream; an empty one sends nothing.
		const connection = this.peer.call(
			peerId,
			this.outgoing() ?? new MediaStream(),
			callOptions(this.options.token)
		);
		if (!connection) return;
		this.track(connection, null);
		// A callee that refuses never answers: try again later rather than wait forever.
		this.later(answerTimeoutMs, () => {
			if (this.calls.get(peerId)?.connection === connection && !connection.open) {
				this.hangUp(peerId);
				this.placeDueCalls();
			}
		});
	}

	private judge(peerId: string, caller: VerifiedPeer | null) {
		const { roomId } = this.options;
		return judgeCall(
			{ peerId, caller },
			{ roomId, plan: this.plan, revokedLinks: this.revokedLinks }
		);
	}

	/** An incoming call: answered only once its caller is known to be due (call-admission.ts). */
	private async receive(connection: MediaConnection) {
		const token = callerToken(connection.metadata);
		const caller = token ? await this.options.verify(token).catch(() => null) : null;
		if (this.destroyed) return connection.close();
		const verdict = this.judge(connection.peer, caller);
		if (verdict.kind === 'answer') return this.answer(connection, caller!);
		if (verdict.kind === 'refuse') return this.refuse(connection, verdict.reason);
		// A newer call from the same peer replaces one still waiting.
		this.waiting.get(connection.peer)?.connection.close();
		this.dismiss(connection.peer);
		const timer = setTimeout(() => {
			if (this.waiting.get(connection.peer)?.connection !== connection) return;
			this.dismiss(connection.peer);
			this.refuse(connection, verdict.reason);
		}, unplannedCallWaitMs);
		this.waiting.set(connection.peer, { connection, caller: caller!, timer });
	}

	private answer(connection: MediaConnection, caller: VerifiedPeer) {
		// The caller is calling again (it reloaded, or its call dropped): the new call wins.
		this.calls.get(connection.peer)?.connection.close();
		this.track(connection, caller);
		connection.answer(this.outgoing());
	}

	/** Closes a call unanswered: no connection is made and nothing is sent. */
	private refuse(connection: MediaConnection, reason: string) {
		connection.close();
		const line = `video: refused a call from ${connection.peer}: ${reason}`;
		if (this.warned.has(line)) return;
		this.warned.add(line);
		console.warn(line);
	}

	/** Stops waiting for an incoming call's caller to appear (without closing the call). */
	private dismiss(peerId: string) {
		clearTimeout(this.waiting.get(peerId)?.timer);
		this.waiting.delete(peerId);
	}

	private track(connection: MediaConnection, caller: VerifiedPeer | null) {
		const peerId = connection.peer;
		this.calls.set(peerId, { connection, caller });
		const current = () => this.calls.get(peerId)?.connection === connection;
		connection.on('stream', (stream) => {
			if (!current()) return;
			this.streams.set(peerId, stream);
			this.options.onStreams(new Map(this.streams));
		});
		connection.on('close', () => {
			if (!current()) return;
			this.forget(peerId);
			// A call that dropped (network, the other side reloading) is placed again if still due.
			this.later(recallDelayMs, () => this.placeDueCalls());
		});
		connection.on('error', (error) => console.warn(`video call with ${peerId}: ${error.message}`));
	}

	private hangUp(peerId: string) {
		const call = this.calls.get(peerId);
		this.forget(peerId);
		call?.connection.close();
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
