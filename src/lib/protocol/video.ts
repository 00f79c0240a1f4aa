import { z } from 'zod';
import type { RoomRole } from './rooms';

/** The PeerJS API key; one coordinator serves one PeerJS realm, so the library default will do. */
export const peerjsKey = 'peerjs';

/** Largest PeerJS frame the coordinator accepts; SDP offers with many codecs stay under 16 KB. */
export const maxPeerFrameBytes = 64 * 1024;

/**
 * The PeerJS id issued to a participant. It names the room, so that the coordinator can keep
 * offers and candidates inside it without looking anything up. UUIDs joined by `_` satisfy
 * PeerJS's id rule (letters and digits, single ` `, `_` or `-` between them).
 */
export const peerIdOf = (roomId: string, participantId: string) => `${roomId}_${participantId}`;

/** Whether `peerId` was issued to `participantId` (in whichever room). */
export const isPeerOfParticipant = (peerId: string, participantId: string) =>
	peerId.endsWith(`_${participantId}`);

/** Whether `peerId` was issued to a participant of `roomId`. */
export const isPeerOfRoom = (peerId: string, roomId: string) => peerId.startsWith(`${roomId}_`);

/**
 * Frames a PeerJS client sends to its server: heartbeats, and offers, answers and ICE
 * candidates addressed to another peer. Payloads (SDP, candidates) are relayed unopened.
 * @see https://github.com/peers/peerjs-server/blob/master/src/enums.ts
 */
export const PeerClientFrame = z.discriminatedUnion('type', [
	z.object({ type: z.literal('HEARTBEAT') }),
	z.object({
		type: z.enum(['OFFER', 'ANSWER', 'CANDIDATE']),
		dst: z.string().min(1).max(100),
		payload: z.unknown().optional()
	})
]);
export type PeerClientFrame = z.infer<typeof PeerClientFrame>;

/** Whether a role sends camera and microphone. Observers watch and listen, as in CoderPad. */
export const publishesMedia = (role: RoomRole) => role !== 'observer';
