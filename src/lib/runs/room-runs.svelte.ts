import type { Language } from '../protocol/languages';
import type { RoomRunEvent, RunRecord } from '../protocol/runs';
import { errorMessage, trpc } from '../trpc';
import { applyRunEvent, isActive, mergeHistory } from './run-log';

/**
 * The room's runs as this participant sees them: the history, then every run as it happens,
 * from the coordinator's run events. `start` asks for a run of the current code.
 */
export class RoomRuns {
	runs = $state<RunRecord[]>([]);
	/** Why Run cannot work here (no Docker engine, …); empty when it can. */
	unavailable = $state('');
	/** The last Run click's refusal (rate limit, busy room, …). */
	error = $state('');
	starting = $state(false);
	/** The run this page asked to stop, until it ends (or the request fails). */
	stopRequested = $state<string | null>(null);

	readonly active = $derived(this.runs.find(isActive) ?? null);
	private readonly subscription: { unsubscribe(): void };
	/**
	 * How far this page's clock is ahead of the coordinator's, as live events tell it (their
	 * delivery time included, so the smallest seen is the best guess); 0 until one arrives.
	 */
	private clockAheadMs: number | null = null;

	constructor(private readonly token: string) {
		this.subscription = trpc.runs.events.subscribe(
			{ token },
			{
				onStarted: () => void this.loadHistory(),
				onData: (event) => this.receive(event as RoomRunEvent),
				onError: (error) => (this.error = errorMessage(error))
			}
		);
		void this.checkAvailability();
	}

	private receive(event: RoomRunEvent) {
		const sentAt =
			event.type === 'queued'
				? event.run.createdAt
				: event.type === 'started'
					? event.startedAt
					: null;
		if (sentAt) {
			const ahead = Date.now() - Date.parse(sentAt);
			if (Number.isFinite(ahead)) this.clockAheadMs = Math.min(this.clockAheadMs ?? ahead, ahead);
		}
		this.runs = applyRunEvent(this.runs, event);
	}

	/** How long `run` has been running, or waiting if it has not started, at this page's `now`. */
	elapsedMs(run: RunRecord, now: number): number {
		const since = Date.parse(run.startedAt ?? run.createdAt);
		return Math.max(0, now - (this.clockAheadMs ?? 0) - since);
	}

	private async loadHistory() {
		try {
			this.runs = mergeHistory(this.runs, await trpc.runs.history.query({ token: this.token }));
		} catch (error) {
			this.error = errorMessage(error);
		}
	}

	private async checkAvailability() {
		const state = await trpc.runs.availability.query().catch(() => null);
		this.unavailable = state && !state.available ? state.reason : '';
	}

	async start(run: { language: Language; source: string; stdin: string }) {
		this.error = '';
		this.starting = true;
		try {
			await trpc.runs.start.mutate({ token: this.token, ...run });
		} catch (error) {
			this.error = errorMessage(error);
			void this.checkAvailability();
		} finally {
			this.starting = false;
		}
	}

	/** Asks the coordinator to stop `runId` for everyone; the run's end arrives as an event. */
	async stop(runId: string) {
		this.error = '';
		this.stopRequested = runId;
		try {
			await trpc.runs.stop.mutate({ token: this.token, runId });
		} catch (error) {
			this.error = errorMessage(error);
			this.stopRequested = null;
		}
	}

	destroy() {
		this.subscription.unsubscribe();
	}
}
