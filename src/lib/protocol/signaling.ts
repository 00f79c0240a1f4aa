import { z } from 'zod';

/** Largest signaling frame the coordinator accepts; y-webrtc offers are a few KB. */
export const maxSignalingFrameBytes = 64 * 1024;

const topics = z.array(z.string().min(1).max(200)).max(16);

/**
 * Frames a y-webrtc client sends to the signaling server. `data` of a publish is
 * encrypted with the room secret and relayed unopened.
 * @see https://github.com/yjs/y-webrtc/blob/master/bin/server.js
 */
export const SignalingClientMessage = z.discriminatedUnion('type', [
	z.object({ type: z.literal('subscribe'), topics }),
	z.object({ type: z.literal('unsubscribe'), topics }),
	z.object({ type: z.literal('publish'), topic: z.string().min(1).max(200), data: z.unknown() }),
	z.object({ type: z.literal('ping') })
]);
export type SignalingClientMessage = z.infer<typeof SignalingClientMessage>;

/** The y-webrtc room name for an interview: one topic per room. */
export const signalingTopic = (roomId: string) => `pairdesk:${roomId}`;
