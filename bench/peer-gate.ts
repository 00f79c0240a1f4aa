// What the peer gate (src/lib/sync/peer-gate) costs a receiving peer, against what applying
// the same updates costs: the checks it runs on an update before it lets Yjs apply it.
import * as Y from 'yjs';
import { changesNothing, rootsTouchedBy } from '../src/lib/shared/rules/update-summary';
import { summarize, type LatencySummary } from './stats';
import { typingTrace } from './typing-trace';

const keystrokes = 14_100;
const measured = 2_000;
const wholeDocumentRounds = 30;

export interface PeerGateResult {
	keystrokes: number;
	/** Per keystroke update, in ms, on a document holding the hour's typing before it. */
	perUpdate: {
		apply: LatencySummary;
		/** What a locked candidate's update is checked with. */
		summary: LatencySummary;
		/** What a refused update is checked with: is it a copy of what this peer has? */
		copyCheck: LatencySummary;
	};
	/** The whole document as a sync answer, into an empty document. */
	wholeDocument: { bytes: number; apply: LatencySummary; summary: LatencySummary };
}

function timed(action: () => unknown): number {
	const start = performance.now();
	action();
	return performance.now() - start;
}

export async function run(): Promise<PeerGateResult> {
	const updates = typingTrace({ keystrokes, durationMs: 3_600_000 }).map((edit) => edit.update);
	const doc = new Y.Doc();
	const settled = updates.length - measured;
	for (const update of updates.slice(0, settled)) Y.applyUpdate(doc, update);

	const apply: number[] = [];
	const summary: number[] = [];
	const copyCheck: number[] = [];
	for (const update of updates.slice(settled)) {
		summary.push(timed(() => rootsTouchedBy(doc, update)));
		apply.push(timed(() => Y.applyUpdate(doc, update)));
		copyCheck.push(timed(() => changesNothing(doc, update)));
	}

	const whole = Y.encodeStateAsUpdate(doc);
	const wholeApply: number[] = [];
	const wholeSummary: number[] = [];
	for (let round = 0; round < wholeDocumentRounds; round++) {
		wholeSummary.push(timed(() => rootsTouchedBy(new Y.Doc(), whole)));
		wholeApply.push(timed(() => Y.applyUpdate(new Y.Doc(), whole)));
	}
	return {
		keystrokes,
		perUpdate: {
			apply: summarize(apply),
			summary: summarize(summary),
			copyCheck: summarize(copyCheck)
		},
		wholeDocument: {
			bytes: whole.byteLength,
			apply: summarize(wholeApply),
			summary: summarize(wholeSummary)
		}
	};
}
