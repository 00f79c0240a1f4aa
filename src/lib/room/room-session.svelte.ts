import { fromBase64, toBase64 } from 'lib0/buffer';
import { createChatLineVerifier, signChatLine, type ChatSigner } from '../protocol/chat-signature';
import { Language } from '../protocol/languages';
import type { Paste } from '../editor/collab-editor';
import { switchRoomLanguage } from '../editor/switch-room-language';
import { recordPresenceSignals } from '../recording/integrity-signals';
import { Recorder } from '../recording/recorder';
import { UploadQueue } from '../recording/upload-queue';
import { RoomRuns } from '../runs/room-runs.svelte';
import {
	appendChat,
	encodeRoomSnapshot,
	readControls,
	readEndedAt,
	readLanguage,
	readRevokedObserverLinks,
	readStdin,
	writeControl,
	writeEndedAt,
	writeRevokedObserverLink,
	writeStdin,
	type RoomControls
} from '../shared/document/room-doc';
import type { Admission } from '../sync/admission';
import { LocalJournal } from '../sync/local-journal';
import type { PeerLinks } from '../sync/peer-links';
import { watchPresence, type Participant, type PresenceEvent } from '../sync/presence';
import { connectRoom, type RoomConnection } from '../sync/room-connection';
import { watchVerifiedChat, type VerifiedChat } from '../sync/verified-chat';
import { errorCode, errorMessage, trpc } from '../trpc';

export interface RoomSessionOptions {
	admission: Admission;
	/** Signs this page's chat lines; without one it cannot chat (peers show signed lines only). */
	chatSigner: ChatSigner | null;
	/** When the coordinator says the interview ended, if it has. */
	endedAt: string | null;
}

/**
 * One participant's time in a room: the shared document and its peers, what the room's
 * settings say, the recording, runs and chat, and what this participant may do there.
 * Made once per admission; `destroy` leaves the room.
 */
export class RoomSession {
	readonly admission: Admission;
	readonly observing: boolean;
	readonly connection: RoomConnection;
	readonly runs: RoomRuns;
	private readonly defaultLanguage: Language;
	private readonly recorder: Recorder;
	private readonly stops: (() => void)[] = [];

	/** Signs this page's chat lines; it may arrive after the room opened (a renewed chat key). */
	chatSigner = $state<ChatSigner | null>(null);
	participants = $state<Participant[]>([]);
	presenceEvents = $state<PresenceEvent[]>([]);
	chat = $state<VerifiedChat>({ lines: [], unverified: 0 });
	language = $state<Language>('python');
	stdin = $state('');
	controls = $state<RoomControls>({ editorLocked: false, observersMayChat: false });
	revokedLinks = $state<string[]>([]);
	endedAt = $state<number | null>(null);
	/** Whether every restriction this page saw has taken hold for the peer gate. */
	rulesSettled = $state(true);
	/** Whether IndexedDB holds every change so far. */
	savedLocally = $state(true);
	/** Whether the coordinator's signaling answers: without it no new peer can be introduced. */
	coordinatorReachable = $state(true);
	/** How this page reaches each verified peer, by participant. */
	peerLinks = $state<PeerLinks>({});
	ending = $state<'idle' | 'busy'>('idle');
	endError = $state('');
	/** The last recording upload's failure, cleared by the next one that succeeds. */
	uploadError = $state('');

	// Counted by participant, from awareness: a peer that refreshed is one person, even while
	// its old WebRTC connection is still timing out.
	readonly connectedPeers: number;
	readonly ended: boolean;
	/** Nothing this participant does may change the room: it ended, or they only watch. */
	readonly readOnly: boolean;
	/** A locked candidate changes nothing but chat: peers would drop it anyway (peer-gate). */
	readonly editorReadOnly: boolean;
	/** This observer's link was revoked: the peers hang up, and the page stops showing the room. */
	readonly shutOut: boolean;
	readonly chatDisabled: boolean;
	/** What the Run button allows; Ctrl/Cmd+Enter in the editor goes through the same check. */
	readonly canRun: boolean;

	constructor({ admission, chatSigner, endedAt }: RoomSessionOptions) {
		this.admission = admission;
		this.chatSigner = chatSigner;
		this.observing = admission.role === 'observer';
		this.defaultLanguage = Language.catch('python').parse(admission.room.language);
		this.connection = connectRoom(admission, async (have) => {
			const { update } = await trpc.recording.state.query({
				token: admission.token,
				have: toBase64(have)
			});
			return fromBase64(update);
		});
		this.runs = new RoomRuns(admission.token);
		this.connectedPeers = $derived(
			// A throwaway set, counted at once: nothing to make reactive.
			// eslint-disable-next-line svelte/prefer-svelte-reactivity
			new Set(this.participants.filter((p) => !p.isLocal).map((p) => p.participantId)).size
		);
		this.ended = $derived(this.endedAt !== null);
		this.readOnly = $derived(this.ended || this.observing);
		this.editorReadOnly = $derived(
			this.readOnly || (this.controls.editorLocked && admission.role === 'candidate')
		);
		this.shutOut = $derived(
			this.observing &&
				!!admission.observerLink &&
				this.revokedLinks.includes(admission.observerLink)
		);
		this.chatDisabled = $derived(
			this.ended || !this.chatSigner || (this.observing && !this.controls.observersMayChat)
		);
		this.canRun = $derived(
			!this.readOnly &&
				!this.runs.starting &&
				this.runs.active === null &&
				this.runs.unavailable === ''
		);
		const { room } = this.connection;
		this.endedAt = endedAt ? Date.parse(endedAt) : readEndedAt(room);
		this.readSettings();
		this.recorder = new Recorder({
			doc: room.doc,
			queue: UploadQueue.open(admission.room.id),
			journal: new LocalJournal(`recording:${admission.room.id}:${admission.participantId}`),
			upload: async (entries) => {
				const result = await trpc.recording.upload.mutate({ token: admission.token, entries });
				this.uploadError = '';
				return result;
			},
			uploadEveryMs: admission.recordingUploadMs ?? 3000,
			isRejection: (error) => errorCode(error) === 'BAD_REQUEST',
			onError: (error) => {
				this.uploadError = errorMessage(error);
				console.warn('recording upload failed:', this.uploadError);
			}
		});
		const verifyChatLine = createChatLineVerifier(admission.roomKey, admission.room.id);
		const onSettings = () => this.readSettings();
		room.settings.observe(onSettings);
		// IndexedDB restores through a transaction the observers here already see.
		this.stops.push(
			this.connection.onRulesSettled((settled) => (this.rulesSettled = settled)),
			this.connection.onSavedLocally((saved) => (this.savedLocally = saved)),
			this.connection.onCoordinatorReachable((up) => (this.coordinatorReachable = up)),
			this.connection.onPeerLinks((links) => (this.peerLinks = links)),
			watchPresence(this.connection.awareness, (present, events) => {
				this.participants = present;
				if (events.length) this.presenceEvents = [...this.presenceEvents, ...events];
			}),
			watchVerifiedChat(room, verifyChatLine, (verified) => (this.chat = verified)),
			() => room.settings.unobserve(onSettings),
			recordPresenceSignals(
				(signal) => this.recorder.record(signal),
				() => void this.recorder.persist()
			)
		);
	}

	private get room() {
		return this.connection.room;
	}

	private readSettings() {
		const { room } = this;
		this.language = readLanguage(room, this.defaultLanguage);
		this.stdin = readStdin(room);
		this.controls = readControls(room);
		this.revokedLinks = readRevokedObserverLinks(room);
		const endedInDoc = readEndedAt(room);
		if (endedInDoc !== null && this.endedAt === null) {
			this.endedAt = endedInDoc;
			// The interview is over: send everything still queued now.
			void this.recorder.drain();
		}
		// Its peers hang up on a revoked observer; it stops calling them too.
		if (this.shutOut) this.connection.provider.disconnect();
	}

	/** Switches everyone to `language`, with its starter where the code was one, and says so in the chat. */
	setLanguage(language: Language) {
		const { admission, chatSigner } = this;
		switchRoomLanguage(this.room, language, {
			fallback: this.defaultLanguage,
			by: { ...admission, roomId: admission.room.id, chatSigner }
		}).catch((error) => console.warn('language not switched:', error));
	}

	setStdin(stdin: string) {
		writeStdin(this.room, stdin);
	}

	setControl(control: keyof RoomControls, on: boolean) {
		writeControl(this.room, control, on);
	}

	revokeObserverLink(linkId: string) {
		writeRevokedObserverLink(this.room, linkId);
	}

	recordPaste(paste: Paste) {
		this.recorder.record({ kind: 'paste', ...paste });
	}

	run() {
		if (!this.canRun) return;
		const { language, stdin } = this;
		void this.runs.start({ language, source: this.room.code.toString(), stdin });
	}

	/** Ends the interview for everyone; on failure `endError` says why. */
	async end(): Promise<boolean> {
		this.ending = 'busy';
		this.endError = '';
		try {
			await this.recorder.drain();
			// What this page has now is what the record may still receive from queued uploads.
			const result = await trpc.rooms.end.mutate({
				id: this.admission.room.id,
				finalState: encodeRoomSnapshot(this.room)
			});
			this.endedAt = Date.parse(result.endedAt);
			writeEndedAt(this.room, this.endedAt);
			return true;
		} catch (error) {
			this.endError = errorMessage(error);
			return false;
		} finally {
			this.ending = 'idle';
		}
	}

	async send(text: string) {
		const { admission, chatSigner } = this;
		if (!chatSigner) return;
		const line = await signChatLine(chatSigner, admission.room.id, {
			id: crypto.randomUUID(),
			authorId: admission.participantId,
			author: admission.name,
			role: admission.role,
			text,
			sentAt: Date.now()
		});
		appendChat(this.room, line);
	}

	destroy() {
		this.stops.forEach((stop) => stop());
		this.runs.destroy();
		void this.recorder.stop();
		void this.connection.destroy();
	}
}
