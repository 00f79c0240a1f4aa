/** Where the coordinator serves its tRPC API, on the app's own origin. */
export const trpcPath = '/trpc';

/** Where the coordinator serves the y-webrtc signaling WebSocket, on the app's own origin. */
export const signalingPath = '/signal';

/** The page a candidate enters an interview by: its invite token lets them in. */
export const candidateLinkPath = (interviewId: string, inviteToken: string) =>
	`/interview/${interviewId}?invite=${encodeURIComponent(inviteToken)}`;

/** The link an observer follows: read-only entry, revocable. */
export const observerLinkPath = (interviewId: string, linkId: string) =>
	`/interview/${interviewId}?observe=${encodeURIComponent(linkId)}`;

/** Where the coordinator serves its PeerJS server (video and audio calls), on the app's own origin. */
export const peerjsPath = '/peerjs';
