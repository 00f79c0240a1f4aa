import { relative } from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';

interface Row {
	attacks: number;
	refused: number;
	crashes: number;
	changed: number;
}

/** The outermost `describe` a test sits in, or its file when it sits in none. */
function groupOf(test: TestCase, module: TestModule): string {
	let suite = test.parent;
	while (suite.type === 'suite' && suite.parent.type === 'suite') suite = suite.parent;
	return suite.type === 'suite' ? suite.name : relative(process.cwd(), module.moduleId);
}

/**
 * `npm run test:hostile`'s summary: for each group of attacker tests, the attacks tried,
 * those refused as they must be (the test passed), those that crashed something (failed with
 * an error other than an assertion), and those after which stored or shown data had changed
 * (failed an assertion). The last two must be 0.
 */
export default class HostileReport implements Reporter {
	onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>) {
		const rows = new Map<string, Row>();
		for (const module of modules) {
			for (const test of module.children.allTests()) {
				const state = test.result().state;
				if (state === 'skipped' || state === 'pending') continue;
				const group = groupOf(test, module);
				const row = rows.get(group) ?? { attacks: 0, refused: 0, crashes: 0, changed: 0 };
				row.attacks += 1;
				if (state === 'passed') row.refused += 1;
				else if (test.result().errors?.some((error) => error.name === 'AssertionError'))
					row.changed += 1;
				else row.crashes += 1;
				rows.set(group, row);
			}
		}
		const total: Row = { attacks: 0, refused: 0, crashes: unhandledErrors.length, changed: 0 };
		const width = Math.max(20, ...[...rows.keys()].map((group) => group.length));
		const line = (group: string, row: Row) =>
			`${group.padEnd(width)}  ${[row.attacks, row.refused, row.crashes, row.changed]
				.map((value) => String(value).padStart(8))
				.join('')}`;
		console.log(`\n${'attacks'.padEnd(width)}     tried refused crashes changed`);
		for (const [group, row] of [...rows].sort(([a], [b]) => a.localeCompare(b))) {
			console.log(line(group, row));
			total.attacks += row.attacks;
			total.refused += row.refused;
			total.crashes += row.crashes;
			total.changed += row.changed;
		}
		console.log(line('total', total));
		console.log(
			total.crashes === 0 && total.changed === 0
				? 'crashes 0, data changed 0: every attack was refused'
				: 'SOME ATTACKS GOT THROUGH: see the failures above'
		);
	}
}
