/**
 * The Web Storage API over a Map, for unit tests: Node has no `localStorage`. The real one
 * runs in the e2e tests (tests/e2e/reload-durability.test.ts reloads and crashes pages).
 */
export class MemoryStorage implements Storage {
	// Storage's own index signature (items as properties), which nothing here uses.
	[name: string]: unknown;
	readonly items = new Map<string, string>();
	/** When set, `setItem` throws this, as a full or disabled storage does. */
	refuse: Error | null = null;

	get length() {
		return this.items.size;
	}
	key(index: number) {
		return [...this.items.keys()][index] ?? null;
	}
	getItem(key: string) {
		return this.items.get(key) ?? null;
	}
	setItem(key: string, value: string) {
		if (this.refuse) throw this.refuse;
		this.items.set(key, String(value));
	}
	removeItem(key: string) {
		this.items.delete(key);
	}
	clear() {
		this.items.clear();
	}
}
