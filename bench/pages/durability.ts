// What making each keystroke durable costs the typing page: the app's local persistence and
// recorder (journal appends, batched IndexedDB writes) on a Yjs document, against the same
// document alone, and the journal's own work. Run by bench/durability.ts.
import { toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import { Recorder } from '../../src/lib/recording/recorder';
import { UploadQueue } from '../../src/lib/recording/upload-queue';
import { LocalJournal } from '../../src/lib/sync/local-journal';
import { LocalPersistence } from '../../src/lib/sync/local-persistence';

/** Each keystroke in a task of its own, as key events come: timers and IndexedDB run between. */
const nextTask = () =>
	new Promise<void>((resolve) => {
		const channel = new MessageChannel();
		channel.port1.onmessage = () => resolve();
		channel.port2.postMessage(null);
	});

interface Setup {
	/** One keystroke; resolves with the ms it took, its task's microtasks included. */
	keystroke(index: number): Promise<number>;
	close(): Promise<void>;
}

function timed(action: () => void): number {
	const start = performance.now();
	action();
	return performance.now() - start;
}

/** `timed`, with what `action` left for the end of its task (end-of-task.ts) included. */
async function timedTask(action: () => void): Promise<number> {
	const start = performance.now();
	action();
	// Queued after the action's microtasks: it runs once they have.
	await Promise.resolve();
	return performance.now() - start;
}

/** ms from each keystroke's start to its update's last listener: where y-webrtc sends it. */
const untilSent: number[] = [];

function bareSetup(): Setup {
	const text = new Y.Doc().getText('code');
	return {
		keystroke: (index) =>
			timedTask(() => text.insert(text.length, String.fromCharCode(97 + (index % 26)))),
		close: async () => {}
	};
}

function durableSetup(name: string): Setup {
	const doc = new Y.Doc();
	const text = doc.getText('code');
	const persistence = new LocalPersistence(name, doc);
	const recorder = new Recorder({
		doc,
		queue: UploadQueue.open(name),
		journal: new LocalJournal(`recording:${name}`),
		upload: async () => {},
		uploadEveryMs: 3000,
		isRejection: () => false,
		onError: (error) => console.warn(error)
	});
	// Registered last, as y-webrtc's sender is (it starts listening once its key is derived).
	let startedAt = 0;
	doc.on('update', () => untilSent.push(performance.now() - startedAt));
	return {
		keystroke: (index) => {
			startedAt = performance.now();
			return timedTask(() => text.insert(text.length, String.fromCharCode(97 + (index % 26))));
		},
		close: async () => {
			await recorder.stop();
			await persistence.destroy();
			doc.destroy();
		}
	};
}

/**
 * The journals' share: a keystroke's two appends (in the keystroke, as the app makes them),
 * or the two removals its committed writes make later (outside it).
 */
function journalSetup(name: string, part: 'append' | 'remove'): Setup {
	const text = new Y.Doc().getText('code');
	let update: Uint8Array = new Uint8Array();
	text.doc!.on('update', (bytes: Uint8Array) => (update = bytes));
	const docJournal = new LocalJournal(`doc:${name}`);
	const recordingJournal = new LocalJournal(`recording:${name}`);
	const append = () => {
		const encoded = toBase64(update);
		const entry = { type: 'update', at: Date.now(), update: encoded };
		return [docJournal.append(encoded), recordingJournal.append(JSON.stringify(entry))] as const;
	};
	return {
		keystroke: async (index) => {
			text.insert(text.length, String.fromCharCode(97 + (index % 26)));
			if (part === 'append') {
				const took = timed(append);
				docJournal.remove(docJournal.recover().map(({ id }) => id));
				recordingJournal.remove(recordingJournal.recover().map(({ id }) => id));
				return took;
			}
			const [docId, recordingId] = append();
			return timed(() => {
				docJournal.remove([docId]);
				recordingJournal.remove([recordingId]);
			});
		},
		close: async () => {}
	};
}

const setups = {
	bare: () => bareSetup(),
	durable: (round: number) => durableSetup(`bench-durable-${round}`),
	journalAppend: (round: number) => journalSetup(`bench-append-${round}`, 'append'),
	journalRemove: (round: number) => journalSetup(`bench-remove-${round}`, 'remove')
};
export type SetupName = keyof typeof setups;

/** Rounds of `perRound` keystrokes per setup, setups taking turns; the first `warmup` of each round are dropped. */
async function benchDurability(rounds: number, perRound: number, warmup: number) {
	const samples: Record<SetupName | 'durableUntilSent', number[]> = {
		bare: [],
		durable: [],
		durableUntilSent: [],
		journalAppend: [],
		journalRemove: []
	};
	for (let round = 0; round < rounds; round++) {
		for (const name of Object.keys(setups) as SetupName[]) {
			const setup = setups[name](round);
			for (let index = 0; index < perRound; index++) {
				await nextTask();
				const sent = untilSent.length;
				const ms = await setup.keystroke(index);
				if (index < warmup) continue;
				samples[name].push(ms);
				if (untilSent.length > sent) samples.durableUntilSent.push(untilSent.at(-1)!);
			}
			await setup.close();
		}
	}
	localStorage.clear();
	for (const { name } of await indexedDB.databases()) if (name) indexedDB.deleteDatabase(name);
	return samples;
}

(window as unknown as { benchDurability: typeof benchDurability }).benchDurability =
	benchDurability;
