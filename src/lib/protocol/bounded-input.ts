import { z } from 'zod';

/**
 * Schemas for the text and times participants send, with the bounds every input needs:
 * a length, no characters the database cannot store or a reader cannot see, and times
 * inside JavaScript's Date range and a plausible window.
 */

/** Earliest instant an input time may name: nothing in pairdesk happened before 2020. */
export const minPlausibleEpochMs = Date.UTC(2020, 0, 1);
/** Latest instant an input time may name; well inside Date's ±8.64e15 ms range. */
export const maxPlausibleEpochMs = Date.UTC(2100, 0, 1);

const plausibleRange = `between ${new Date(minPlausibleEpochMs).toISOString()} and ${new Date(maxPlausibleEpochMs).toISOString()}`;

/**
 * Milliseconds since the epoch, as a page's clock gives them: a whole number inside the
 * plausible window, so `new Date(at).toISOString()` never throws.
 */
export const epochMs = z
	.number({ error: 'Time must be milliseconds since the epoch' })
	.int('Time must be a whole number of milliseconds')
	.min(minPlausibleEpochMs, `Time must be ${plausibleRange}`)
	.max(maxPlausibleEpochMs, `Time must be ${plausibleRange}`);

/**
 * An ISO 8601 date and time with its offset (`2030-01-31T14:00:00Z`), naming an instant
 * inside the plausible window; `label` names the field in messages.
 */
export function isoInstant(label: string) {
	return z.iso
		.datetime({
			offset: true,
			error: `${label} must be a date and time, e.g. 2030-01-31T14:00:00Z`
		})
		.refine(
			(value) => {
				const ms = Date.parse(value);
				// NaN was refused as malformed already; one message is enough.
				return Number.isNaN(ms) || (ms >= minPlausibleEpochMs && ms <= maxPlausibleEpochMs);
			},
			{ error: `${label} must be ${plausibleRange}` }
		);
}

/**
 * - `line`: a name or title, no control characters and no invisible bidi overrides (they
 *   would let a name pose as another's on screen);
 * - `lines`: the same, but tabs and line breaks are allowed;
 * - `code`: anything but NUL, which PostgreSQL's `text` and `jsonb` cannot hold.
 */
export type TextKind = 'line' | 'lines' | 'code';

const forbidden: Record<TextKind, { pattern: RegExp; rule: string }> = {
	line: {
		// C0 and C1 controls, DEL, and the bidi embeddings, overrides and isolates.
		pattern: /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u,
		rule: 'must not contain control characters'
	},
	lines: {
		// Control characters are what this refuses.
		// eslint-disable-next-line no-control-regex
		pattern: /[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]/,
		rule: 'must not contain control characters other than tabs and line breaks'
	},
	code: { pattern: /\0/, rule: 'must not contain NUL characters' }
};

export interface TextOptions {
	/** What the field is, for messages: "Name", "Title". */
	label: string;
	max: number;
	/** Characters required, after trimming; 0 by default. */
	min?: number;
	kind?: TextKind;
	/** Trim surrounding white space first; on by default for `line`. */
	trim?: boolean;
}

/** A string field with a length and a character rule, whose messages name the field. */
export function boundedText({
	label,
	max,
	min = 0,
	kind = 'line',
	trim = kind === 'line'
}: TextOptions) {
	const { pattern, rule } = forbidden[kind];
	let schema = z.string({ error: `${label} must be text` });
	if (trim) schema = schema.trim();
	if (min > 0) {
		const tooShort =
			min === 1 ? `${label} must not be empty` : `${label} must be at least ${min} characters`;
		schema = schema.min(min, tooShort);
	}
	return schema
		.max(max, `${label} must be at most ${max} characters`)
		.refine((text) => !pattern.test(text), { error: `${label} ${rule}` });
}

/**
 * A compact token (a JWT, an invite token): URL-safe base64 segments joined by dots. It is
 * checked against a signature or a stored value, never parsed, so its shape is all we test.
 */
export function compactToken(label: string, max = 4096) {
	return z
		.string({ error: `${label} must be text` })
		.min(1, `${label} is missing`)
		.max(max, `${label} is malformed`)
		.regex(/^[A-Za-z0-9_\-.]+$/, `${label} is malformed`);
}
