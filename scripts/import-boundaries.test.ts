import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	findBoundaryViolations,
	formatViolation,
	importsOf,
	violationsAmong
} from './import-boundaries';

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
			"coordinator/src/client-module.ts:1: imports '../../src/lib/sync/room-doc' — the coordinator, the runner and server-common/ import from src/ only src/lib/protocol/ and src/lib/shared/"
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

/** The violations of one file holding `text`, as the check prints them. */
const violationsOf = (file: string, text: string) =>
	violationsAmong(importsOf(file, text)).map(formatViolation);

describe('the runner stands alone', () => {
	it('refuses any import of coordinator/ or bin/ from runner/, tests included', () => {
		expect(
			violationsOf('runner/src/main.ts', "import { parseEnv } from '../../coordinator/src/env';")
		).toEqual([
			"runner/src/main.ts:1: imports '../../coordinator/src/env' — runner/ imports nothing of coordinator/ or bin/: it runs where no coordinator is"
		]);
		expect(
			violationsOf('runner/src/x.test.ts', "import type { Env } from '../../coordinator/src/env';")
		).toHaveLength(1);
		expect(violationsOf('runner/src/x.ts', "const a = import('../../bin/start');")).toHaveLength(1);
		expect(
			violationsOf('runner/src/x.ts', "import { createLogger } from '../../server-common/logger';")
		).toEqual([]);
	});

	it('lets the coordinator import only the runner’s interfaces, and only as types', () => {
		const file = 'coordinator/src/runs/run-services.ts';
		expect(
			violationsOf(file, "import type { RunQueue } from '../../../runner/src/run-queue';")
		).toEqual([]);
		// Under verbatimModuleSyntax this one loads the module.
		expect(
			violationsOf(file, "import { type RunQueue } from '../../../runner/src/run-queue';")
		).toHaveLength(1);
		expect(
			violationsOf(file, "import { createDockerRunner } from '../../../runner/src/docker-runner';")
		).toEqual([
			"coordinator/src/runs/run-services.ts:1: imports '../../../runner/src/docker-runner' — the coordinator imports no Docker package, and of runner/ only its interfaces ('import type')"
		]);
		expect(
			violationsOf(file, "import type { SandboxLimits } from '../../../runner/src/limits';")
		).toHaveLength(1);
	});

	it('keeps Docker out of the coordinator, but for the tests that start a real runner', () => {
		expect(violationsOf('coordinator/src/x.ts', "import Docker from 'dockerode';")).toHaveLength(1);
		expect(
			violationsOf('coordinator/src/x.ts', "import type { Container } from 'dockerode/lib/x';")
		).toHaveLength(1);
		expect(
			violationsOf(
				'coordinator/src/x.test.ts',
				"import Docker from 'dockerode';\nimport { createDockerRunner } from '../../runner/src/docker-runner';"
			)
		).toEqual([]);
	});

	it('keeps server-common/ below both, and the runner’s interface modules free of Docker', () => {
		expect(
			violationsOf(
				'server-common/x.ts',
				"import { openDatabase } from '../coordinator/src/db/client';"
			)
		).toHaveLength(1);
		expect(
			violationsOf('server-common/x.ts', "import { runnerId } from '../runner/src/worker';")
		).toHaveLength(1);
		expect(
			violationsOf(
				'server-common/x.ts',
				"import type { ClaimedRun } from '../runner/src/run-queue';"
			)
		).toEqual([]);
		expect(
			violationsOf('runner/src/code-runner.ts', "import type Docker from 'dockerode';")
		).toEqual([
			"runner/src/code-runner.ts:1: imports 'dockerode' — the runner's interface modules hold types only: they 'import type' from src/lib/protocol/ and each other"
		]);
		expect(
			violationsOf(
				'runner/src/run-queue.ts',
				"import type { RunOutput } from '../../src/lib/protocol/runs';\nimport type { Availability } from './code-runner';"
			)
		).toEqual([]);
	});
});
