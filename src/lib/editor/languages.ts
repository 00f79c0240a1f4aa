import { cpp } from '@codemirror/lang-cpp';
import { go } from '@codemirror/lang-go';
import { java } from '@codemirror/lang-java';
import { javascript } from '@codemirror/lang-javascript';
import { python } from '@codemirror/lang-python';
import type { Extension } from '@codemirror/state';
import { indentUnit } from '@codemirror/language';
import type { Language } from '../protocol/languages';

const supportFor: Record<Language, () => Extension> = {
	python: () => python(),
	javascript: () => javascript(),
	typescript: () => javascript({ typescript: true }),
	go: () => go(),
	java: () => java(),
	cpp: () => cpp()
};

// Each language's customary indentation (PEP 8, gofmt, common Java/C++/JS styles).
const indentFor: Record<Language, string> = {
	python: '    ',
	javascript: '  ',
	typescript: '  ',
	go: '\t',
	java: '    ',
	cpp: '    '
};

/** Syntax highlighting and indentation rules for a room language. */
export function languageSupport(language: Language): Extension {
	return [supportFor[language](), indentUnit.of(indentFor[language])];
}
