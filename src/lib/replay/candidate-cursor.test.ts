import { describe, expect, it } from 'vitest';
import { changeBetween } from './candidate-cursor';

const apply = (text: string, change: ReturnType<typeof changeBetween>) =>
	text.slice(0, change.from) + change.insert + text.slice(change.to);

describe('changeBetween', () => {
	it.each([
		['abc', 'abXc', { from: 2, to: 2, insert: 'X' }],
		['abXc', 'abc', { from: 2, to: 3, insert: '' }],
		['aaa', 'aaaa', { from: 3, to: 3, insert: 'a' }],
		['', 'new', { from: 0, to: 0, insert: 'new' }],
		['same', 'same', { from: 4, to: 4, insert: '' }],
		['hello world', 'help word', { from: 3, to: 10, insert: 'p wor' }]
	])('turns %j into %j with the least it can replace', (from, to, expected) => {
		const change = changeBetween(from, to);
		expect(change).toEqual(expected);
		expect(apply(from, change)).toBe(to);
	});
});
