/** What the user picked: the system's theme, or one of the two. */
export const themeChoices = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof themeChoices)[number];
export type Theme = Exclude<ThemeChoice, 'system'>;

export const themeLabels: Record<ThemeChoice, string> = {
	system: 'System theme',
	light: 'Light',
	dark: 'Dark'
};

// app.html reads the same key before the first paint.
const storageKey = 'pairdesk:theme';
const darkQuery = '(prefers-color-scheme: dark)';

export function loadThemeChoice(storage: Pick<Storage, 'getItem'> = localStorage): ThemeChoice {
	const stored = storage.getItem(storageKey);
	return themeChoices.find((choice) => choice === stored) ?? 'system';
}

export function saveThemeChoice(
	choice: ThemeChoice,
	storage: Pick<Storage, 'setItem' | 'removeItem'> = localStorage
) {
	if (choice === 'system') storage.removeItem(storageKey);
	else storage.setItem(storageKey, choice);
}

export const resolveTheme = (choice: ThemeChoice, systemDark: boolean): Theme =>
	choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;

/**
 * Puts `choice` on the page (`data-theme` on <html>, which app.css keys its colours on); for
 * `system`, follows the system's theme as it changes. Returns a function that stops following.
 */
export function applyTheme(choice: ThemeChoice): () => void {
	const query = matchMedia(darkQuery);
	const apply = () => {
		document.documentElement.dataset.theme = resolveTheme(choice, query.matches);
	};
	apply();
	if (choice !== 'system') return () => {};
	query.addEventListener('change', apply);
	return () => query.removeEventListener('change', apply);
}
