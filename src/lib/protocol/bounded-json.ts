/**
 * Deepest nesting of arrays and objects a frame from a participant may have. Real frames nest
 * four or five levels (a PeerJS offer: frame, payload, sdp); 32 leaves room for library changes
 * while everything that walks a parsed value recursively (zod, `JSON.stringify`, loggers) stays
 * far from the stack limit, which 20,000 levels (a 40 KB frame) overflow.
 */
export const maxJsonDepth = 32;

const openBracket = 0x5b;
const closeBracket = 0x5d;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const quote = 0x22;
const backslash = 0x5c;

/**
 * Whether JSON text nests arrays and objects deeper than `maxDepth`, found by one pass over
 * the text without recursion, so it is safe on any input. Brackets inside strings do not
 * count. It does not check that the text is JSON; `JSON.parse` does that afterwards.
 */
export function jsonNestsDeeperThan(text: string, maxDepth: number): boolean {
	let depth = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (inString) {
			if (code === backslash) i++;
			else if (code === quote) inString = false;
		} else if (code === quote) {
			inString = true;
		} else if (code === openBracket || code === openBrace) {
			if (++depth > maxDepth) return true;
		} else if (code === closeBracket || code === closeBrace) {
			depth--;
		}
	}
	return false;
}

export type BoundedJson =
	| { ok: true; value: unknown }
	| { ok: false; reason: 'frame nests too deep' | 'frame is not JSON' };

/**
 * Parses JSON text from an untrusted sender once its nesting is known to be at most
 * `maxDepth` (`maxJsonDepth` by default). Never throws. The caller bounds the text's size
 * first (for a WebSocket, its `maxPayload`).
 */
export function parseBoundedJson(text: string, maxDepth = maxJsonDepth): BoundedJson {
	if (jsonNestsDeeperThan(text, maxDepth)) return { ok: false, reason: 'frame nests too deep' };
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch {
		return { ok: false, reason: 'frame is not JSON' };
	}
}
