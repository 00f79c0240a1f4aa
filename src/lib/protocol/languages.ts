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
