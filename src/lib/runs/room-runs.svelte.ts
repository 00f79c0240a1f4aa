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

	readonly active = $derived(this.runs.find(isActive) ?? null);
	private readonly subscription: { unsubscribe(): void };

	constructor(private readonly token: string) {
		this.subscription = trpc.runs.events.subscribe(
			{ token },
			{
				onStarted: () => void this.loadHistory(),
				onData: (event) => (this.runs = applyRunEvent(this.runs, event as RoomRunEvent)),
				onError: (error) => (this.error = errorMessage(error))
			}
		);
		void this.checkAvailability();
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

	destroy() {
		this.subscription.unsubscribe();
	}
}
