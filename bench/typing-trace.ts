import * as Y from 'yjs';

/** One keystroke's Yjs update and when it was typed (ms from the start). */
export interface TraceEdit {
	at: number;
	update: Uint8Array;
}

/** A small deterministic generator, so every run measures the same trace. */
function random(seed: number) {
	let state = seed >>> 0;
	return () => {
		state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
		return state / 2 ** 32;
	};
}

const tokens = [
	'def ',
	'return ',
	'for ',
	' in ',
	'range(',
	'if ',
	'else:',
	'while ',
	'len(',
	'result',
	'value',
	'index',
	'left',
	'right',
	'i',
	'j',
	' = ',
	' + ',
	' - ',
	' < ',
	'1',
	'0',
	'(',
	')',
	':',
	', ',
	'[',
	']'
];

/**
 * An hour of one candidate writing code in the shared editor, edit by edit, as
 * y-codemirror.next turns keystrokes into Yjs updates: words typed at a few keystrokes a
 * second, new lines with indentation, backspaces, jumps to other places, and pauses to think.
 */
export function typingTrace(options: {
	keystrokes: number;
	durationMs: number;
	seed?: number;
	/** The typist's Yjs client id. */
	clientId?: number;
}): TraceEdit[] {
	const next = random(options.seed ?? 7);
	const doc = new Y.Doc();
	// Yjs picks a random 32-bit client id, whose varint length varies run to run; a fixed,
	// typically large one keeps the byte counts comparable between runs.
	doc.clientID = options.clientId ?? 2_654_435_761;
	const text = doc.getText('code');
	const edits: TraceEdit[] = [];
	let now = 0;
	doc.on('update', (update: Uint8Array) => edits.push({ at: Math.round(now), update }));
	let cursor = 0;
	const keystroke = (edit: () => void) => {
		now += 60 + next() * 220;
		edit();
	};
	while (edits.length < options.keystrokes) {
		const roll = next();
		if (roll < 0.02) {
			now += 5_000 + next() * 40_000; // thinking
		} else if (roll < 0.05) {
			cursor = Math.floor(next() * (text.length + 1));
		} else if (roll < 0.15 && cursor > 0) {
			keystroke(() => text.delete(--cursor, 1));
		} else if (roll < 0.22) {
			const indent = '\n' + ' '.repeat(4 * Math.floor(next() * 3));
			for (const char of indent) keystroke(() => text.insert(cursor++, char));
		} else {
			const token = tokens[Math.floor(next() * tokens.length)]!;
			for (const char of token) keystroke(() => text.insert(cursor++, char));
		}
	}
	// Spread over the hour: the typing above is denser than a real interview's.
	const scale = options.durationMs / Math.max(1, now);
	return edits
		.slice(0, options.keystrokes)
		.map((edit) => ({ ...edit, at: Math.round(edit.at * Math.min(1, scale)) }));
}
