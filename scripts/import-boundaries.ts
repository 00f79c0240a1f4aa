import { readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import ts from 'typescript';

/**
 * Who may import what. `src/lib/protocol/` (what crosses the wire) and `src/lib/shared/`
 * (code the browser and the coordinator both run) are the only parts of `src/` the
 * coordinator and the runner import, and they import nothing from the client's folders;
 * the client reaches the coordinator and the runner for types only.
 *
 * The runner stands alone (it runs on hosts with Docker and no coordinator): it imports
 * nothing of the coordinator, `server-common/` sits below both, and the coordinator sees the
 * runner only through its interface modules, as types, so it never loads dockerode.
 */

/** One import of one file: `import`, `export … from`, `import()` or an `import('…')` type. */
export interface ImportEdge {
	/** The importing file, relative to the root, with `/` separators. */
	file: string;
	line: number;
	specifier: string;
	/**
	 * What it names, relative to the root: a file path (no extension needed), `$app/…`, or
	 * `node_modules/<package>` for a package.
	 */
	target: string;
	/** `import type` / `export type`: erased, so it ships no code. */
	typeOnly: boolean;
}

export interface BoundaryViolation extends ImportEdge {
	rule: string;
}

const scannedDirs = ['src', 'coordinator/src', 'runner/src', 'server-common'];
const sourceExtensions = /\.(ts|js|mjs|svelte)$/;
const sharedDirs = ['src/lib/protocol', 'src/lib/shared'];
const serverDirs = ['coordinator', 'runner', 'server-common'];
/** All the coordinator knows of the runner: types-only modules. */
export const runnerInterfaces = ['runner/src/code-runner', 'runner/src/run-queue'];
// SvelteKit's own modules: the client's runtime, not something shared code can rely on.
const kitModule = /^\$(app|env|service-worker)(\/|$)/;

const isUnder = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);
const isShared = (path: string) => sharedDirs.some((dir) => isUnder(path, dir));
const isServer = (path: string) => serverDirs.some((dir) => isUnder(path, dir));
/** A client folder: anything of `src/` but the shared ones, and SvelteKit's modules. */
const isClient = (path: string) =>
	kitModule.test(path) || (isUnder(path, 'src') && !isShared(path));
const isTest = (file: string) => /\.test\.ts$/.test(file) || file.includes('/test-support/');
const isRunnerInterface = (path: string) => runnerInterfaces.includes(path.replace(/\.ts$/, ''));
const typeOfRunnerInterface = (edge: ImportEdge) => edge.typeOnly && isRunnerInterface(edge.target);
const isDockerPackage = (path: string) =>
	['dockerode', 'docker-modem', '@types/dockerode'].some((name) =>
		isUnder(path, `node_modules/${name}`)
	);
// Parts of src/ that SvelteKit only ever runs on the server.
const isServerOnly = (file: string) =>
	isUnder(file, 'src/lib/server') || /(^|\/)(\+server|[^/]*\.server)\.(ts|js)$/.test(file);

const rules: {
	rule: string;
	appliesTo: (file: string) => boolean;
	breaks: (edge: ImportEdge) => boolean;
}[] = [
	{
		rule: 'the coordinator, the runner and server-common/ import from src/ only src/lib/protocol/ and src/lib/shared/',
		appliesTo: (file) =>
			['coordinator/src', 'runner/src', 'server-common'].some((dir) => isUnder(file, dir)),
		breaks: (edge) => isClient(edge.target)
	},
	{
		rule: 'src/lib/protocol/ and src/lib/shared/ import nothing from the client folders',
		appliesTo: isShared,
		breaks: (edge) => isClient(edge.target)
	},
	{
		rule: 'src/lib/protocol/ and src/lib/shared/ run in the browser: only their tests import the coordinator, the runner or server-common/',
		appliesTo: (file) => isShared(file) && !isTest(file),
		breaks: (edge) => isServer(edge.target)
	},
	{
		rule: "the client imports only types from the coordinator and the runner ('import type'), so none of their code is bundled",
		appliesTo: (file) => isClient(file) && !isTest(file) && !isServerOnly(file),
		breaks: (edge) => isServer(edge.target) && !edge.typeOnly
	},
	{
		rule: 'runner/ imports nothing of coordinator/ or bin/: it runs where no coordinator is',
		appliesTo: (file) => isUnder(file, 'runner'),
		breaks: (edge) => isUnder(edge.target, 'coordinator') || isUnder(edge.target, 'bin')
	},
	{
		rule: "server-common/ imports nothing of coordinator/ or bin/, and of runner/ only its interfaces ('import type')",
		appliesTo: (file) => isUnder(file, 'server-common'),
		breaks: (edge) =>
			isUnder(edge.target, 'coordinator') ||
			isUnder(edge.target, 'bin') ||
			(isUnder(edge.target, 'runner') && !typeOfRunnerInterface(edge))
	},
	{
		// Its tests may start a real runner: like bin/, they are where the two meet.
		rule: "the coordinator imports no Docker package, and of runner/ only its interfaces ('import type')",
		appliesTo: (file) => isUnder(file, 'coordinator') && !isTest(file),
		breaks: (edge) =>
			isDockerPackage(edge.target) ||
			(isUnder(edge.target, 'runner') && !typeOfRunnerInterface(edge))
	},
	{
		rule: "the runner's interface modules hold types only: they 'import type' from src/lib/protocol/ and each other",
		appliesTo: isRunnerInterface,
		breaks: (edge) =>
			!edge.typeOnly ||
			!(isUnder(edge.target, 'src/lib/protocol') || isRunnerInterface(edge.target))
	}
];

/** What a specifier names, relative to the root, or null for one of Node's modules. */
function targetOf(file: string, specifier: string): string | null {
	if (kitModule.test(specifier)) return specifier;
	if (specifier === '$lib' || specifier.startsWith('$lib/')) {
		return posix.join('src/lib', specifier.slice('$lib'.length));
	}
	if (specifier.startsWith('node:')) return null;
	if (!specifier.startsWith('.')) return posix.join('node_modules', specifier);
	const target = posix.normalize(posix.join(posix.dirname(file), specifier));
	return target.startsWith('..') ? null : target;
}

/** The TypeScript of a file: the file itself, or each `<script>` block of a component. */
function scriptsOf(file: string, text: string): { code: string; firstLine: number }[] {
	if (!file.endsWith('.svelte')) return [{ code: text, firstLine: 1 }];
	return [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((match) => {
		const start = match.index + match[0].indexOf('>') + 1;
		return { code: match[1]!, firstLine: text.slice(0, start).split('\n').length };
	});
}

/** Every import of a file's source text that names a file of the repository or a package. */
export function importsOf(file: string, text: string): ImportEdge[] {
	const edges: ImportEdge[] = [];
	for (const { code, firstLine } of scriptsOf(file, text)) {
		const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
		const add = (node: ts.Node, literal: ts.Node | undefined, typeOnly: boolean) => {
			if (!literal || !ts.isStringLiteralLike(literal)) return;
			const target = targetOf(file, literal.text);
			if (target === null) return;
			const line = firstLine + source.getLineAndCharacterOfPosition(node.getStart(source)).line;
			edges.push({ file, line, specifier: literal.text, target, typeOnly });
		};
		const visit = (node: ts.Node) => {
			if (ts.isImportDeclaration(node)) {
				// `import { type A }` is not erased whole under verbatimModuleSyntax: it still loads.
				add(node, node.moduleSpecifier, node.importClause?.isTypeOnly === true);
			} else if (ts.isExportDeclaration(node)) {
				add(node, node.moduleSpecifier, node.isTypeOnly);
			} else if (ts.isImportTypeNode(node)) {
				const argument = node.argument;
				add(node, ts.isLiteralTypeNode(argument) ? argument.literal : undefined, true);
			} else if (
				ts.isCallExpression(node) &&
				node.expression.kind === ts.SyntaxKind.ImportKeyword
			) {
				add(node, node.arguments[0], false);
			}
			ts.forEachChild(node, visit);
		};
		visit(source);
	}
	return edges;
}

/** The imports among these that break a rule, with the rule they break. */
export function violationsAmong(edges: ImportEdge[]): BoundaryViolation[] {
	return edges.flatMap((edge) =>
		rules
			.filter(({ appliesTo, breaks }) => appliesTo(edge.file) && breaks(edge))
			.map(({ rule }) => ({ ...edge, rule }))
	);
}

function sourceFilesUnder(root: string, dir: string): string[] {
	let entries;
	try {
		entries = readdirSync(posix.join(root, dir), { withFileTypes: true });
	} catch {
		return [];
	}
	return entries.flatMap((entry) => {
		const path = posix.join(dir, entry.name);
		if (entry.isDirectory()) {
			return entry.name === 'node_modules' || entry.name.startsWith('.')
				? []
				: sourceFilesUnder(root, path);
		}
		return sourceExtensions.test(entry.name) ? [path] : [];
	});
}

/** Every import under the scanned folders of `root` that breaks a rule. */
export function findBoundaryViolations(root: string): BoundaryViolation[] {
	const files = scannedDirs.flatMap((dir) => sourceFilesUnder(root, dir));
	return violationsAmong(
		files.flatMap((file) => importsOf(file, readFileSync(posix.join(root, file), 'utf8')))
	);
}

export function formatViolation(violation: BoundaryViolation): string {
	return `${violation.file}:${violation.line}: imports '${violation.specifier}' — ${violation.rule}`;
}
