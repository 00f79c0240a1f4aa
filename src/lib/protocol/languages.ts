import { z } from 'zod';

/** Languages a room can be set to, in the order the selector lists them. */
export const languageIds = ['python', 'javascript', 'typescript', 'go', 'java', 'cpp'] as const;

export const Language = z.enum(languageIds);
export type Language = z.infer<typeof Language>;

export const languageLabels: Record<Language, string> = {
	python: 'Python',
	javascript: 'JavaScript',
	typescript: 'TypeScript',
	go: 'Go',
	java: 'Java',
	cpp: 'C++'
};

/**
 * The code a room's buffer starts with in each language: a new room gets its language's,
 * and switching language replaces one still untouched (language-switch.ts). Each runs as
 * it is and prints one line.
 */
export const starterCode: Record<Language, string> = {
	python:
		'def main():\n    print("Hello, pairdesk!")\n\n\nif __name__ == "__main__":\n    main()\n',
	javascript: 'function main() {\n  console.log("Hello, pairdesk!");\n}\n\nmain();\n',
	typescript: 'function main(): void {\n  console.log("Hello, pairdesk!");\n}\n\nmain();\n',
	go: 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("Hello, pairdesk!")\n}\n',
	java: 'public class Main {\n    public static void main(String[] args) {\n        System.out.println("Hello, pairdesk!");\n    }\n}\n',
	cpp: '#include <iostream>\n\nint main() {\n    std::cout << "Hello, pairdesk!" << std::endl;\n    return 0;\n}\n'
};

const withoutWhitespace = (text: string) => text.replace(/\s+/g, '');

/** Whether `code` is empty or still `language`'s starter, whitespace aside. */
export function isEmptyOrStarter(code: string, language: Language): boolean {
	const bare = withoutWhitespace(code);
	return bare === '' || bare === withoutWhitespace(starterCode[language]);
}
