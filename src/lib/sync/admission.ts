import type { JWK } from 'jose';
import type { RoomRole } from '../protocol/rooms';
import type { Language } from '../protocol/languages';

/** What the coordinator hands an admitted participant (`rooms.join`). */
export interface Admission {
	token: string;
	participantId: string;
	colorIndex: number;
	role: RoomRole;
	name: string;
	secret: string;
	topic: string;
	/** The id this participant may use on the coordinator's PeerJS server (video). */
	peerId: string;
	iceServers: RTCIceServer[];
	room: { id: string; title: string; language: Language | string; status: string };
	/** The observer link an observer came in by. */
	observerLink?: string | null;
	/** Public JWK that checks peers' room tokens (EdDSA). */
	roomKey: JWK;
	/** The block of Yjs client ids this participant writes under; null before blocks existed. */
	clientBlock?: number | null;
	/** How often to upload the recording queue; older remembered admissions lack it. */
	recordingUploadMs?: number;
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
	}
}
