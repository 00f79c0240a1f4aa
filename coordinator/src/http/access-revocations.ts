import { createLogger } from '../../../server-common/logger';

const log = createLogger('revocations');

export type ObserverLinkListener = (linkId: string) => void;

/**
 * Where the coordinator hears that someone's access was taken back, so that their open
 * connections close at once instead of at their next check. `rooms.revokeObserverLink`
 * announces here and the signaling and PeerJS servers listen. Several coordinators would
 * relay announcements between them (e.g. PostgreSQL NOTIFY) and call `observerLinkRevoked`
 * on each.
 */
export class AccessRevocations {
	private readonly observerLinkListeners = new Set<ObserverLinkListener>();

	/** Tells every listener that `linkId` was revoked; one that throws is logged, not the caller's problem. */
	observerLinkRevoked(linkId: string) {
		for (const listener of this.observerLinkListeners) {
			try {
				listener(linkId);
			} catch (error) {
				log.error('a revocation listener failed', { linkId, error: String(error) });
			}
		}
	}

	/** Calls `listener` with every observer link revoked from now on; returns how to stop. */
	onObserverLinkRevoked(listener: ObserverLinkListener): () => void {
		this.observerLinkListeners.add(listener);
		return () => this.observerLinkListeners.delete(listener);
	}
}
