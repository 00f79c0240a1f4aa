import type { LimitKind } from '../../src/lib/protocol/runs';

/**
 * What runtimes print when a sandbox limit stops them without the kernel killing them:
 * fork or thread creation failing at the pids cap, an allocation failing under the memory
 * cap. The runner cannot see the cgroup counters of a remote engine, so it reads these.
 */
const signatures: [LimitKind, RegExp][] = [
	[
		'processes',
		/Resource temporarily unavailable|unable to create native thread|pthread_create failed/
	],
	['memory', /MemoryError|OutOfMemoryError|std::bad_alloc|heap out of memory|out of memory/]
];

export function limitsNamedInOutput(stderr: string): LimitKind[] {
	return signatures.filter(([, pattern]) => pattern.test(stderr)).map(([limit]) => limit);
}
