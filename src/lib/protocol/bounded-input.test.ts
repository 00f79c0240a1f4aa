import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	boundedText,
	compactToken,
	epochMs,
	isoInstant,
	maxPlausibleEpochMs,
	minPlausibleEpochMs,
	type TextKind
} from './bounded-input';

const kinds: TextKind[] = ['line', 'lines', 'code'];
const messageOf = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
	result.error?.issues.map((issue) => issue.message).join('; ');

describe('boundedText', () => {
	it.each(kinds)('refuses a NUL anywhere in %s text, whatever surrounds it', (kind) => {
		const schema = boundedText({ label: 'Field', max: 200, kind });
		fc.assert(
			fc.property(fc.string({ maxLength: 50 }), fc.string({ maxLength: 50 }), (before, after) => {
				expect(schema.safeParse(`${before}\0${after}`).success).toBe(false);
			})
		);
	});

	it('keeps names and titles to one visible line: no controls, no bidi overrides', () => {
		const name = boundedText({ label: 'Name', min: 1, max: 60 });
		for (const sneaky of [
			'Ada\nLovelace',
			'Ada\tL',
			'Ada\u001b[31m',
			'Ada\u007f',
			'Ada\u0085',
			'Ada\u202Eecalevol'
		]) {
			const result = name.safeParse(sneaky);
			expect(result.success, JSON.stringify(sneaky)).toBe(false);
			expect(messageOf(result)).toBe('Name must not contain control characters');
		}
		expect(name.parse('  Ada Lovelace ')).toBe('Ada Lovelace');
		expect(name.parse('Zoë 李 ✓')).toBe('Zoë 李 ✓');
	});

	it('lets `lines` hold tabs and line breaks but not other controls', () => {
		const message = boundedText({ label: 'Message', kind: 'lines', min: 1, max: 100 });
		expect(message.parse('one\r\n\ttwo')).toBe('one\r\n\ttwo');
		expect(messageOf(message.safeParse('bell\u0007'))).toBe(
			'Message must not contain control characters other than tabs and line breaks'
		);
	});

	it('lets `code` hold any character but NUL', () => {
		const code = boundedText({ label: 'Code', kind: 'code', max: 100 });
		expect(code.parse('print("\u001b[1m")\f\v')).toBe('print("\u001b[1m")\f\v');
		expect(messageOf(code.safeParse('x = 1\0'))).toBe('Code must not contain NUL characters');
	});

	it('names the field in its length messages, counted after trimming', () => {
		const title = boundedText({ label: 'Title', min: 1, max: 5 });
		expect(messageOf(title.safeParse('   '))).toBe('Title must not be empty');
		expect(messageOf(title.safeParse('abcdef'))).toBe('Title must be at most 5 characters');
		expect(title.parse(' abcde ')).toBe('abcde');
		expect(messageOf(boundedText({ label: 'Title', min: 3, max: 5 }).safeParse('ab'))).toBe(
			'Title must be at least 3 characters'
		);
	});

	it('accepts any text without controls within its bounds', () => {
		const schema = boundedText({ label: 'Field', max: 40, trim: false });
		const printable = fc.string({ maxLength: 40, unit: 'grapheme' }).filter((text) => {
			return !/[\p{Cc}\u202A-\u202E\u2066-\u2069]/u.test(text) && text.length <= 40;
		});
		fc.assert(fc.property(printable, (text) => void expect(schema.parse(text)).toBe(text)));
	});
});

describe('compactToken', () => {
	it('takes a JWT and refuses anything but URL-safe base64 and dots', () => {
		const token = compactToken('Room token');
		expect(token.parse('eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2ln-_')).toBeTruthy();
		for (const bad of ['', 'a b', 'a\0b', 'a"b', 'x'.repeat(4097)]) {
			expect(token.safeParse(bad).success, bad.slice(0, 10)).toBe(false);
		}
	});
});

describe('epochMs', () => {
	it('takes whole milliseconds inside the plausible window only', () => {
		expect(epochMs.parse(Date.UTC(2030, 4, 1))).toBe(Date.UTC(2030, 4, 1));
		expect(epochMs.parse(minPlausibleEpochMs)).toBe(minPlausibleEpochMs);
		expect(epochMs.parse(maxPlausibleEpochMs)).toBe(maxPlausibleEpochMs);
		for (const bad of [8.64e15 + 1, -1, 0, 1.5, Number.NaN, Infinity, maxPlausibleEpochMs + 1]) {
			expect(epochMs.safeParse(bad).success, String(bad)).toBe(false);
		}
		expect(messageOf(epochMs.safeParse(9e15))).toBe(
			'Time must be between 2020-01-01T00:00:00.000Z and 2100-01-01T00:00:00.000Z'
		);
	});

	it('never lets through a time that Date cannot print', () => {
		fc.assert(
			fc.property(fc.double(), (value) => {
				if (epochMs.safeParse(value).success) new Date(value).toISOString();
			})
		);
	});
});

describe('isoInstant', () => {
	const start = isoInstant('Start');

	it('takes an ISO date and time with an offset inside the window', () => {
		expect(start.parse('2030-01-31T14:00:00Z')).toBe('2030-01-31T14:00:00Z');
		expect(start.parse('2030-01-31T14:00:00+02:00')).toBe('2030-01-31T14:00:00+02:00');
	});

	it('refuses instants outside the window, even those an offset pushes past year 9999', () => {
		for (const outside of [
			'9999-12-31T23:59:59-23:59',
			'0000-01-01T00:00:00+23:59',
			'2101-01-01T00:00:00Z'
		]) {
			expect(messageOf(start.safeParse(outside)), outside).toBe(
				'Start must be between 2020-01-01T00:00:00.000Z and 2100-01-01T00:00:00.000Z'
			);
		}
		expect(messageOf(start.safeParse('14:00'))).toBe(
			'Start must be a date and time, e.g. 2030-01-31T14:00:00Z'
		);
	});
});
