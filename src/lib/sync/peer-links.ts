import type { WebrtcConn } from 'y-webrtc';

/** How a WebRTC connection reaches its peer: straight, or through a TURN relay. */
export type LinkKind = 'direct' | 'relayed';

/** The candidate pair a connection's stats say carries its data, if one does yet. */
function selectedPair(stats: RTCStatsReport): RTCIceCandidatePairStats | undefined {
	for (const report of stats.values()) {
		if (report.type === 'transport' && report.selectedCandidatePairId) {
			return stats.get(report.selectedCandidatePairId);
		}
	}
	for (const report of stats.values()) {
		if (report.type === 'candidate-pair' && report.nominated && report.state === 'succeeded') {
			return report;
		}
	}
	return undefined;
}

/** Whether `stats` (an RTCPeerConnection's) show a direct or a relayed path; null before one. */
export function linkKindFromStats(stats: RTCStatsReport): LinkKind | null {
	const pair = selectedPair(stats);
	if (!pair) return null;
	const ends = [stats.get(pair.localCandidateId), stats.get(pair.remoteCandidateId)];
	return ends.some((end) => end?.candidateType === 'relay') ? 'relayed' : 'direct';
}

// simple-peer (under y-webrtc, both pinned) keeps its RTCPeerConnection as `_pc`; the
// canary in peer-gate.test.ts fails if it moves.
const peerConnectionOf = (conn: WebrtcConn) =>
	(conn.peer as unknown as { _pc?: RTCPeerConnection })._pc ?? null;

async function linkKindOf(conn: WebrtcConn): Promise<LinkKind | null> {
	const pc = peerConnectionOf(conn);
	if (!pc || pc.connectionState === 'closed') return null;
	try {
		return linkKindFromStats(await pc.getStats());
	} catch {
		return null;
	}
}

/** Each verified peer's link, by participant; a participant not in it has no connection. */
export type PeerLinks = Record<string, LinkKind | 'connecting'>;

/**
 * Follows the connections to verified peers and asks each, now and every `everyMs`, whether
 * it is direct or relayed (the selected path can change after an ICE restart).
 */
export function trackPeerLinks(onChange: (links: PeerLinks) => void, everyMs = 5000) {
	const conns = new Map<string, WebrtcConn>();
	let links: PeerLinks = {};
	let stopped = false;

	const refresh = async () => {
		const next: PeerLinks = {};
		for (const [participantId, conn] of conns) {
			if (conn.closed) {
				conns.delete(participantId);
				continue;
			}
			next[participantId] = (await linkKindOf(conn)) ?? 'connecting';
		}
		if (stopped) return;
		if (JSON.stringify(next) !== JSON.stringify(links)) onChange((links = next));
	};
	const timer = setInterval(() => void refresh(), everyMs);

	return {
		add(conn: WebrtcConn, participantId: string) {
			conns.set(participantId, conn);
			conn.peer.once('connect', () => void refresh());
			conn.peer.once('close', () => void refresh());
			void refresh();
		},
		stop() {
			stopped = true;
			clearInterval(timer);
		}
	};
}
