import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const srcDir = join(import.meta.dirname, '..', '..');
// Participants' cursor colours are data (sync/colors.ts), not the theme's.
const colourLiteral = /#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?)\(|:\s*(?:white|black)\b/i;

function filesUnder(dir: string, ending: RegExp): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return filesUnder(path, ending);
		return ending.test(entry.name) ? [path] : [];
	});
}

/** What of a component styles it: its <style> block and style attributes. */
const stylesOf = (source: string) =>
	[
		...source.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g),
		...source.matchAll(/style(?::[\w-]+)?="([^"]*)"/g)
	].map((match) => match[1]!);

describe('one set of colours', () => {
	it('no component or editor theme names a colour: each uses the variables of app.css', () => {
		const offenders = [
			...filesUnder(srcDir, /\.svelte$/).flatMap((file) =>
				stylesOf(readFileSync(file, 'utf8')).some((css) => colourLiteral.test(css)) ? [file] : []
			),
			...filesUnder(join(srcDir, 'lib', 'editor'), /\.ts$/).filter((file) =>
				colourLiteral.test(readFileSync(file, 'utf8'))
			)
		];
		expect(offenders.map((file) => file.slice(srcDir.length + 1))).toEqual([]);
	});
});
