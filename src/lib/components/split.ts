/** Keeps a split position (percent of the width) inside `[min, max]`. */
export const clampSplit = (percent: number, min: number, max: number) =>
	Math.min(max, Math.max(min, percent));

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

/** The split remembered under `key`, clamped; `fallback` when none or unreadable. */
export function loadSplit(
	key: string,
	fallback: number,
	min: number,
	max: number,
	storage: Storage = localStorage
): number {
	const stored = Number.parseFloat(storage.getItem(key) ?? '');
	return Number.isFinite(stored) ? clampSplit(stored, min, max) : fallback;
}

export function saveSplit(key: string, percent: number, storage: Storage = localStorage) {
	storage.setItem(key, percent.toFixed(1));
}
