import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../coordinator/src/routers/_app';
import {
	exportChatPublicKey,
	generateChatKeyPair,
	type ChatSigner
} from '../protocol/chat-signature';
import { forgetChatSigner, keepChatSigner, keptChatSigner } from './chat-key-store';

type JoinAnswer = inferRouterOutputs<AppRouter>['rooms']['join'];
// Fields admissions remembered by older versions of the page lack.
type LaterFields = 'observerLink' | 'clientBlock' | 'recordingUploadMs' | 'chatCert';

/**
 * What the coordinator hands an admitted participant: the answer of `rooms.join`, as typed
 * by the router, with the fields older remembered admissions lack left optional.
 */
export type Admission = Omit<JoinAnswer, LaterFields> & Partial<Pick<JoinAnswer, LaterFields>>;

/** An admission and how this page signs its chat lines; null: it cannot (lines would not show). */
export interface Entry {
	admission: Admission;
	chatSigner: ChatSigner | null;
}

const storageKey = (roomId: string) => `pairdesk:admission:${roomId}`;
// A remembered token this close to expiry is renewed before it is used.
const renewBeforeExpiryMs = 10 * 60_000;

/** Seconds-since-epoch expiry of a JWT, read without verifying (the server verifies). */
function tokenExpiresAt(token: string): number {
	try {
		const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
		return typeof payload.exp === 'number' ? payload.exp * 1000 : 0;
	} catch {
		return 0;
	}
}

/**
 * Asks for an admission with a new chat key (made here, the private half never leaves the
 * page) and keeps the signer for later loads of the room. `request` calls `rooms.join` with
 * the public key; without Ed25519 in this browser it goes without, and the page cannot chat.
 */
export async function admitWithChatKey(
	request: (chatKey: string | undefined) => Promise<Admission>
): Promise<Entry> {
	const keyPair = await generateChatKeyPair().catch((error: unknown) => {
		console.warn('cannot make a chat key: chat lines will not be signed', error);
		return null;
	});
	const admission = await request(keyPair ? await exportChatPublicKey(keyPair) : undefined);
	if (!keyPair || !admission.chatCert) return { admission, chatSigner: null };
	const chatSigner = { privateKey: keyPair.privateKey, cert: admission.chatCert };
	await keepChatSigner(admission.room.id, chatSigner).catch((error: unknown) =>
		console.warn('chat key not kept: the next load of the room asks for a new one', error)
	);
	return { admission, chatSigner };
}

/** The signer this browser kept for a remembered admission, if it has the one it certifies. */
export async function recallChatSigner(admission: Admission): Promise<ChatSigner | null> {
	if (!admission.chatCert) return null;
	return keptChatSigner(admission.room.id, admission.chatCert).catch((error: unknown) => {
		console.warn('kept chat key unreadable: asking for a new one', error);
		return null;
	});
}

export function rememberAdmission(admission: Admission) {
	localStorage.setItem(storageKey(admission.room.id), JSON.stringify(admission));
}

/** The admission this browser got for the room earlier, if any. */
export function recallAdmission(roomId: string): { admission: Admission; fresh: boolean } | null {
	const raw = localStorage.getItem(storageKey(roomId));
	if (!raw) return null;
	try {
		const admission = JSON.parse(raw) as Admission;
		// Admissions remembered before peers checked each other's tokens lack the key, those
		// from before video calls a peer id, and those from before client blocks the block.
		const fresh =
			tokenExpiresAt(admission.token) - Date.now() > renewBeforeExpiryMs &&
			admission.roomKey !== undefined &&
			Boolean(admission.peerId) &&
			typeof admission.clientBlock === 'number';
		return { admission, fresh };
	} catch {
		localStorage.removeItem(storageKey(roomId));
		return null;
	}
}

/**
 * Forgets the interviewer admissions this browser holds, so that after logging out nobody
 * at this machine can re-enter those rooms as the interviewer. Candidate admissions stay.
 */
export function forgetInterviewerAdmissions() {
	for (const key of Object.keys(localStorage)) {
		if (!key.startsWith(storageKey(''))) continue;
		try {
			if ((JSON.parse(localStorage.getItem(key)!) as Admission).role !== 'interviewer') continue;
		} catch {
			// An unreadable entry is worth nothing to anyone: drop it too.
		}
		localStorage.removeItem(key);
		const roomId = key.slice(storageKey('').length);
		void forgetChatSigner(roomId).catch((error: unknown) =>
			console.warn('chat key of a forgotten admission not removed', error)
		);
	}
}
