import { describe, expect, it } from 'vitest';
import { toolchains } from './toolchains';

describe('the Java toolchain', () => {
	it('names the file and the class to run after the public class', () => {
		const source = 'import java.util.*;\npublic final class Solution { }';
		expect(toolchains.java.sourceFile(source)).toBe('Solution.java');
		expect(toolchains.java.run(source)).toMatch(/ Solution$/);
	});

	it('falls back to Main without a public class', () => {
		expect(toolchains.java.sourceFile('class A { }')).toBe('Main.java');
	});
});
