// `npm run check:boundaries` (part of `npm run lint`): fails naming every import that
// crosses a boundary of scripts/import-boundaries.ts. An argument checks another tree.
import { resolve } from 'node:path';
import { findBoundaryViolations, formatViolation } from './import-boundaries';

const root = resolve(process.argv[2] ?? '.');
const violations = findBoundaryViolations(root);
for (const violation of violations) console.error(formatViolation(violation));
if (violations.length > 0) {
	console.error(`${violations.length} import(s) cross a boundary`);
	process.exit(1);
}
console.log('import boundaries: none crossed');
