import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonNestsDeeperThan, maxJsonDepth, parseBoundedJson } from './bounded-json';

/** Nesting depth of a parsed value, the slow recursive way: `[]` is 1, a scalar 0. */
function depthOf(value: unknown): number {
	if (value === null || typeof value !== 'object') return 0;
	const children = Array.isArray(value) ? value : Object.values(value);
	return 1 + Math.max(0, ...children.map(depthOf));
}

const nested = (depth: number, open = '[', close = ']') =>
	`${open.repeat(depth)}${close.repeat(depth)}`;

describe('jsonNestsDeeperThan', () => {
	it('agrees with the depth of the parsed value, for any JSON', () => {
		fc.assert(
			fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 10 }), (value, max) => {
				const text = JSON.stringify(value);
				expect(jsonNestsDeeperThan(text, max)).toBe(depthOf(value) > max);
			}),
			{ numRuns: 500 }
		);
	});

	it('ignores brackets and escaped quotes inside strings', () => {
		const text = JSON.stringify({ a: '[[[{{{', b: ['\\"[[[', '"}}}'] });
		expect(jsonNestsDeeperThan(text, 2)).toBe(false);
		expect(jsonNestsDeeperThan(text, 1)).toBe(true);
	});

	it('counts arrays and objects alike', () => {
		expect(jsonNestsDeeperThan('{"a":{"a":{"a":1}}}', 3)).toBe(false);
		expect(jsonNestsDeeperThan('{"a":[{"a":[]}]}', 3)).toBe(true);
	});
});

describe('hostile: parseBoundedJson', () => {
	it('refuses 50,000 nested arrays or objects without recursing', () => {
		expect(parseBoundedJson(nested(50_000))).toEqual({ ok: false, reason: 'frame nests too deep' });
		const objects = `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`;
		expect(parseBoundedJson(objects)).toEqual({ ok: false, reason: 'frame nests too deep' });
		// Unbalanced text is refused on depth before JSON.parse ever sees it.
		expect(parseBoundedJson('['.repeat(50_000))).toEqual({
			ok: false,
			reason: 'frame nests too deep'
		});
	});

	it(`accepts ${maxJsonDepth} levels and parses them; refuses one more`, () => {
		expect(parseBoundedJson(nested(maxJsonDepth))).toEqual({
			ok: true,
			value: JSON.parse(nested(maxJsonDepth))
		});
		expect(parseBoundedJson(nested(maxJsonDepth + 1)).ok).toBe(false);
	});

	it('reports text that is not JSON instead of throwing, whatever the text', () => {
		expect(parseBoundedJson('{"type":')).toEqual({ ok: false, reason: 'frame is not JSON' });
		fc.assert(
			fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
				const result = parseBoundedJson(text);
				if (result.ok) expect(result.value).toEqual(JSON.parse(text));
			}),
			{ numRuns: 500 }
		);
	});
});
