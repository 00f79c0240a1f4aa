// `npm run lint` runs this: typescript-eslint's type-aware rules (a promise nobody awaits or
// catches, a promise where a callback's result is ignored) and eslint-plugin-svelte.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'.e2e/',
			'node_modules/',
			'test-results/',
			'playwright-report/',
			'bench/results/',
			'coordinator/src/db/migrations/',
			'static/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node },
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				tsconfigRootDir: import.meta.dirname
			}
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: { parser: ts.parser, svelteConfig }
		}
	},
	{
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			// Paths come from src/lib/protocol/paths.ts, shared with the coordinator; the app is
			// served at the origin's root (no `paths.base`), so resolve() would change nothing.
			'svelte/no-navigation-without-resolve': 'off',
			// svelte-check (--fail-on-warnings) judges the compiler's warnings and their ignores.
			'svelte/no-unused-svelte-ignore': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }
			]
		}
	},
	{
		// Glue between Node and a page's own globals, which page.evaluate sees untyped.
		files: ['bench/**/*.ts'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' }
	},
	{
		// Plain JavaScript config and scripts: no type information to lint them with.
		files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
		...ts.configs.disableTypeChecked
	}
);
