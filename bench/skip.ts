/** Thrown by an entry that cannot run on this machine (no Docker engine, …): it is skipped. */
export class BenchSkipped extends Error {
	override name = 'BenchSkipped';
}
