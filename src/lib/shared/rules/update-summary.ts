import * as Y from 'yjs';

type Struct = Y.Item | Y.GC | Y.Skip;

/**
 * The root types (`code`, `chat`, …) that `update` inserts into or deletes from, told against
 * `doc`, the document it is about to be applied to. An item names its root type only when it
 * starts a type's content; otherwise it sits next to an item (in `doc` or earlier in the
 * update) whose root it shares. Returns null when that cannot be told: the update builds on
 * content `doc` does not have, or does not decode.
 */
export function rootsTouchedBy(doc: Y.Doc, update: Uint8Array): Set<string> | null {
	return summarizeUpdate(doc, update)?.roots ?? null;
}

/**
 * Tells the root types that deleting `len` structs of `client` from `clock` touches, for the
 * deletions of an update whose structs are `updateStructs`, against `doc`; null when any of
 * them is not known.
 */
export function deletionRootsResolver(doc: Y.Doc, updateStructs: Struct[]) {
	const resolver = new RootResolver(doc, updateStructs);
	return (client: number, clock: number, len: number) => resolver.ofRange(client, clock, len);
}

/** What an update does, as far as the peer gate asks. */
export interface UpdateSummary {
	/** The root types it inserts into or deletes from. */
	roots: Set<string>;
	/** The keys of the settings map it sets or unsets. */
	settingsKeys: Set<string>;
	/** The chat lines (`chat` root) it adds. */
	chatLines: unknown[];
}

/**
 * What `update` does, told against `doc`, the document it is about to be applied to; null
 * when that cannot be told: it builds on content `doc` does not have (yet), or does not
 * decode.
 */
export function summarizeUpdate(doc: Y.Doc, update: Uint8Array): UpdateSummary | null {
	return summarizeUpdates(doc, [update])[0]!.summary;
}

/** One update of a list, read against a document and the updates before it. */
export interface UpdateReading {
	/** What it does; null when that cannot be told yet, or it does not decode. */
	summary: UpdateSummary | null;
	/** The root types it deletes from (told even where its inserts are not); null likewise. */
	deletedRoots: Set<string> | null;
}

/**
 * What each of `updates` does, told against `doc` and the updates before it in the list —
 * as if each had been applied in turn, without applying any.
 */
export function summarizeUpdates(doc: Y.Doc, updates: Uint8Array[]): UpdateReading[] {
	const resolver = new RootResolver(doc, []);
	return updates.map((update) => {
		let decoded: ReturnType<typeof Y.decodeUpdate>;
		try {
			decoded = Y.decodeUpdate(update);
		} catch {
			return { summary: null, deletedRoots: null };
		}
		resolver.addUpdateStructs(decoded.structs);
		const deleted = deletedBy(decoded, resolver);
		const summary = deleted && summarizeInserts(decoded, resolver);
		if (!summary) return { summary: null, deletedRoots: deleted?.roots ?? null };
		// Deleting a setting's value unsets it: as much a change of that setting as a new value.
		for (const root of deleted!.roots) summary.roots.add(root);
		for (const key of deleted!.settingsKeys) summary.settingsKeys.add(key);
		return { summary, deletedRoots: deleted!.roots };
	});
}

function summarizeInserts(
	decoded: ReturnType<typeof Y.decodeUpdate>,
	resolver: RootResolver
): UpdateSummary | null {
	const summary: UpdateSummary = { roots: new Set(), settingsKeys: new Set(), chatLines: [] };
	for (const struct of decoded.structs) {
		if (!(struct instanceof Y.Item)) continue;
		const root = resolver.ofUpdateItem(struct);
		if (root === null) return null;
		summary.roots.add(root);
		if (root === 'settings') {
			const key = resolver.keyOf(struct);
			if (key === null) return null;
			summary.settingsKeys.add(key);
		} else if (root === 'chat' && struct.content instanceof Y.ContentAny) {
			summary.chatLines.push(...struct.content.arr);
		}
	}
	return summary;
}

/** The root types an update deletes from, and the settings keys whose values it deletes. */
function deletedBy(
	decoded: ReturnType<typeof Y.decodeUpdate>,
	resolver: RootResolver
): { roots: Set<string>; settingsKeys: Set<string> } | null {
	const roots = new Set<string>();
	const settingsKeys = new Set<string>();
	for (const [client, ranges] of decoded.ds.clients) {
		for (const { clock, len } of ranges) {
			const items = resolver.itemsOfRange(client, clock, len);
			if (items === null) return null;
			for (const item of items) {
				const root = resolver.rootOf(item);
				if (root === null) return null;
				roots.add(root);
				if (root !== 'settings') continue;
				const key = resolver.keyOf(item);
				if (key === null) return null;
				settingsKeys.add(key);
			}
		}
	}
	return { roots, settingsKeys };
}

/** Finds the root type of items in an update or in the document it applies to. */
class RootResolver {
	private readonly resolved = new Map<Y.Item, string | null>();
	private readonly updateItems = new Set<Struct>();
	/** The updates' structs by client, in clock order (as an update lists them). */
	private readonly updateClients = new Map<number, Struct[]>();

	constructor(
		private readonly doc: Y.Doc,
		updateStructs: Struct[]
	) {
		this.addUpdateStructs(updateStructs);
	}

	/**
	 * Adds the structs of one more update to resolve against. A struct that does not extend
	 * its client's structs (a copy, or forged) is left out: lookups need clock order.
	 */
	addUpdateStructs(structs: Struct[]) {
		for (const struct of structs) {
			const known = this.updateClients.get(struct.id.client) ?? [];
			const last = known.at(-1);
			if (last && struct.id.clock < last.id.clock + last.length) continue;
			known.push(struct);
			this.updateItems.add(struct);
			this.updateClients.set(struct.id.client, known);
		}
	}

	ofUpdateItem(item: Y.Item): string | null {
		if (this.resolved.has(item)) return this.resolved.get(item)!;
		// A cycle of references can only come from a forged update: unresolvable.
		this.resolved.set(item, null);
		const parent = item.parent as unknown;
		let root: string | null;
		if (typeof parent === 'string') root = parent;
		else if (parent instanceof Y.ID) root = this.ofId(parent);
		else {
			const neighbour = item.origin ?? item.rightOrigin;
			root = neighbour ? this.ofId(neighbour) : null;
		}
		this.resolved.set(item, root);
		return root;
	}

	/** The root types of the `len` structs of `client` from `clock` on; null if any is unknown. */
	ofRange(client: number, clock: number, len: number): Set<string> | null {
		const items = this.itemsOfRange(client, clock, len);
		if (items === null) return null;
		const roots = new Set<string>();
		for (const item of items) {
			const root = this.rootOf(item);
			if (root === null) return null;
			roots.add(root);
		}
		return roots;
	}

	/** The items among the `len` structs of `client` from `clock` on; null if any is unknown. */
	itemsOfRange(client: number, clock: number, len: number): Y.Item[] | null {
		const items: Y.Item[] = [];
		for (let at = clock; at < clock + len;) {
			const struct = this.structAt(client, at);
			if (!struct) return null;
			if (struct instanceof Y.Item) items.push(struct);
			at = struct.id.clock + struct.length;
		}
		return items;
	}

	/** The map key an item sets: an overwrite names none on the wire, but its origin does. */
	keyOf(item: Y.Item): string | null {
		let current: Y.Item | undefined = item;
		// Bounded: a forged chain of origins could be long or circular.
		for (let hops = 0; current && hops < 1000; hops++) {
			if (current.parentSub !== null) return current.parentSub;
			if (!current.origin) return null;
			const next = this.structAt(current.origin.client, current.origin.clock);
			current = next instanceof Y.Item ? next : undefined;
		}
		return null;
	}

	private ofId(id: Y.ID): string | null {
		const struct = this.structAt(id.client, id.clock);
		return struct instanceof Y.Item ? this.rootOf(struct) : null;
	}

	rootOf(item: Y.Item): string | null {
		if (this.updateItems.has(item)) return this.ofUpdateItem(item);
		let type = item.parent as Y.AbstractType<unknown> | null;
		while (type?._item) type = type._item.parent as Y.AbstractType<unknown> | null;
		if (!type) return null;
		try {
			return Y.findRootTypeKey(type);
		} catch {
			return null;
		}
	}

	/** The struct holding `clock` of `client`: from the update if there, else the document. */
	private structAt(client: number, clock: number): Struct | undefined {
		const inUpdate = structHolding(this.updateClients.get(client), clock);
		if (inUpdate && !(inUpdate instanceof Y.Skip)) return inUpdate;
		return structHolding(this.doc.store.clients.get(client), clock);
	}
}

function structHolding(structs: Struct[] | undefined, clock: number): Struct | undefined {
	const last = structs?.at(-1);
	if (!last || clock < structs![0]!.id.clock || clock >= last.id.clock + last.length) return;
	return structs![Y.findIndexSS(structs as Y.Item[], clock)];
}

/**
 * Whether applying `update` to `doc` would change nothing: every struct in it is there
 * already and everything it deletes is deleted. Peers pass on what they receive, so most
 * of what an observer sends is such a copy.
 */
export function changesNothing(doc: Y.Doc, update: Uint8Array): boolean {
	let decoded: ReturnType<typeof Y.decodeUpdate>;
	try {
		decoded = Y.decodeUpdate(update);
	} catch {
		return false;
	}
	const known = (client: number, end: number) => end <= Y.getState(doc.store, client);
	for (const struct of decoded.structs) {
		if (!known(struct.id.client, struct.id.clock + struct.length)) return false;
	}
	for (const [client, ranges] of decoded.ds.clients) {
		for (const { clock, len } of ranges) {
			if (!known(client, clock + len)) return false;
			const structs = doc.store.clients.get(client)!;
			for (let index = Y.findIndexSS(structs, clock); index < structs.length; index++) {
				const struct = structs[index]!;
				if (struct.id.clock >= clock + len) break;
				if (!struct.deleted) return false;
			}
		}
	}
	return true;
}
