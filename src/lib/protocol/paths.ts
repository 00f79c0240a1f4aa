/** Where the coordinator serves its tRPC API, on the app's own origin. */
export const trpcPath = '/trpc';

/** Where the coordinator serves the y-webrtc signaling WebSocket, on the app's own origin. */
export const signalingPath = '/signal';
