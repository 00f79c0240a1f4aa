import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBoundaryViolations, formatViolation } from './import-boundaries';

const repoRoot = resolve(import.meta.dirname, '..');

/** A tree with one import of each kind the rules refuse, and the ones they let through. */
const fixture: Record<string, string> = {
	'coordinator/src/client-module.ts': "import { roomDoc } from '../../src/lib/sync/room-doc';\n",
	'coordinator/src/client-type.ts': "\nimport type { Entry } from '$lib/sync/admission';\n",
	'runner/src/route.ts': "export const page = () => import('../../src/routes/page');\n",
	'src/lib/shared/re-export.ts': "export { x } from '../sync/x';\n",
	'src/lib/protocol/kit.ts': "import { browser } from '$app/environment';\n",
	'src/lib/shared/server-code.ts': "import { t } from '../../../coordinator/src/auth/tokens';\n",
	// Under verbatimModuleSyntax only `import type` is erased whole; this one still loads.
	'src/lib/sync/inline-type.ts':
		"import { type AppRouter } from '../../../coordinator/src/routers/_app';\n",
	'src/routes/Page.svelte': [
		'<p>hello</p>',
		'<script lang="ts">',
		"\timport { appRouter } from '../../coordinator/src/routers/_app';",
		'</script>'
	].join('\n'),

	'coordinator/src/fine.ts': [
		"import { Language } from '../../src/lib/protocol/languages';",
		"import { roomDoc } from '../../src/lib/shared/document/room-doc';",
		"import { z } from 'zod';",
		"import { env } from './env';"
	].join('\n'),
	'src/lib/shared/fine.ts': [
		"import { ChatMessage } from '../protocol/chat';",
		"import { roomDoc } from './document/room-doc';"
	].join('\n'),
	'src/lib/shared/fine.test.ts': "import { t } from '../../../coordinator/src/auth/tokens';\n",
	'src/lib/sync/fine.ts': [
		"import type { AppRouter } from '../../../coordinator/src/routers/_app';",
		"type Grant = import('../../../coordinator/src/auth/tokens').RoomGrant;"
	].join('\n'),
	'src/hooks.server.ts': "import { handler } from '../coordinator/src/handler';\n",
	'bench/anything.ts': "import { Recorder } from '../src/lib/recording/recorder';\n"
};

let root: string;

beforeAll(() => {
	root = mkdtempSync(join(tmpdir(), 'pairdesk-boundaries-'));
	for (const [file, text] of Object.entries(fixture)) {
		mkdirSync(dirname(join(root, file)), { recursive: true });
		writeFileSync(join(root, file), text);
	}
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

// Parsing every file, and a tsx start, can take a while on a busy 2-core machine.
describe('import boundaries', { timeout: 120_000 }, () => {
	it('names each import that crosses a boundary, with its line and the rule', () => {
		const found = findBoundaryViolations(root).map((v) => `${v.file}:${v.line} ${v.specifier}`);
		expect(found.sort()).toEqual(
			[
				'coordinator/src/client-module.ts:1 ../../src/lib/sync/room-doc',
				'coordinator/src/client-type.ts:2 $lib/sync/admission',
				'runner/src/route.ts:1 ../../src/routes/page',
				'src/lib/shared/re-export.ts:1 ../sync/x',
				'src/lib/protocol/kit.ts:1 $app/environment',
				'src/lib/shared/server-code.ts:1 ../../../coordinator/src/auth/tokens',
				'src/lib/sync/inline-type.ts:1 ../../../coordinator/src/routers/_app',
				'src/routes/Page.svelte:3 ../../coordinator/src/routers/_app'
			].sort()
		);
		const [first] = findBoundaryViolations(root).filter((v) => v.file.endsWith('client-module.ts'));
		expect(formatViolation(first!)).toBe(
			"coordinator/src/client-module.ts:1: imports '../../src/lib/sync/room-doc' — the coordinator and the runner import from src/ only src/lib/protocol/ and src/lib/shared/"
		);
	});

	it('fails the check script with the offending imports', () => {
		const run = spawnSync(
			join(repoRoot, 'node_modules/.bin/tsx'),
			['scripts/check-boundaries.ts', root],
			{
				cwd: repoRoot,
				encoding: 'utf8'
			}
		);
		expect(run.status).toBe(1);
		expect(run.stderr).toContain(
			"src/lib/shared/re-export.ts:1: imports '../sync/x' — src/lib/protocol/ and src/lib/shared/ import nothing from the client folders"
		);
		expect(run.stderr).toContain('8 import(s) cross a boundary');
	});

	it('holds in this repository', () => {
		expect(findBoundaryViolations(repoRoot).map(formatViolation)).toEqual([]);
	});
});
