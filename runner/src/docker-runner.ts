import Docker from 'dockerode';
import type { RunOutcome } from '../../src/lib/protocol/runs';
import type { Availability, CodeRunner } from './code-runner';
import { execute } from './execute';
import { readLimits, type SandboxLimits } from './limits';
import { SandboxPool } from './sandbox-pool';
import { destroySandbox, sandboxLabel } from './sandbox';
import { toolchains } from './toolchains';

export interface DockerRunnerOptions {
	/** Defaults to the engine at DOCKER_HOST (or the local socket). */
	docker?: Docker;
	limits?: SandboxLimits;
	/** Warm sandboxes kept per image. */
	poolSize?: number;
	/** Image names are `<prefix><image>`, e.g. pairdesk/runner-python. */
	imagePrefix?: string;
	onError?(error: unknown): void;
}

const pingTimeoutMs = 2_000;

export const imageNames = (prefix: string) => [
	...new Set(Object.values(toolchains).map((toolchain) => prefix + toolchain.image))
];

/**
 * The runner on a Docker engine through dockerode. It never runs code any other way: with
 * no engine, every run is refused with a message saying how to enable execution.
 */
export function createDockerRunner(options: DockerRunnerOptions = {}): CodeRunner {
	const docker = options.docker ?? new Docker();
	const limits = options.limits ?? readLimits();
	const prefix = options.imagePrefix ?? 'pairdesk/runner-';
	const onError = options.onError ?? (() => {});
	const pool = new SandboxPool(docker, limits, options.poolSize ?? 2, onError);
	const removals = new Set<Promise<void>>();
	const engine = engineAddress(docker);

	const availability = async (): Promise<Availability> => {
		const ping = docker.ping().then(
			() => true,
			() => false
		);
		const late = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), pingTimeoutMs));
		if (await Promise.race([ping, late])) return { available: true };
		return {
			available: false,
			reason: `Code execution is off: no Docker engine answers at ${engine}. Start one, set DOCKER_HOST to it and build the sandbox images with runner/images/build.sh (see runner/README.md).`
		};
	};

	// Sandboxes a previous runner left behind stopped, then the pool for every language.
	const ready = availability().then(async (state) => {
		if (!state.available) return;
		const leftovers = await docker.listContainers({
			all: true,
			filters: { label: [sandboxLabel], status: ['exited', 'created', 'dead'] }
		});
		await Promise.all(
			leftovers.map((info) =>
				docker
					.getContainer(info.Id)
					.remove({ force: true })
					.catch(() => {})
			)
		);
		pool.prewarm(imageNames(prefix));
	});
	ready.catch(onError);

	return {
		availability,
		async run(request, handlers) {
			if (handlers.signal?.aborted) return stoppedBeforeStart();
			const state = await availability();
			if (!state.available) return sandboxError(state.reason);
			const toolchain = toolchains[request.language];
			const image = prefix + toolchain.image;
			let sandbox;
			try {
				sandbox = await pool.take(image);
			} catch (error) {
				const missing = (error as { statusCode?: number }).statusCode === 404;
				if (!missing) onError(error);
				return sandboxError(
					missing
						? `The sandbox image ${image} is missing: build it with runner/images/build.sh.`
						: `The sandbox could not start: ${(error as Error).message}`
				);
			}
			try {
				return await execute({ sandbox, toolchain, limits, ...request, ...handlers });
			} finally {
				// Removal (tens of ms) need not delay the outcome.
				const removal = destroySandbox(sandbox.container).catch(onError);
				removals.add(removal);
				void removal.finally(() => removals.delete(removal));
			}
		},
		async close() {
			await ready.catch(() => {});
			await pool.close();
			await Promise.all(removals);
		}
	};
}

/** Where dockerode talks to, as DOCKER_HOST would name it. */
export function engineAddress(docker: Docker): string {
	const modem = docker.modem as {
		socketPath?: string | (() => Promise<string>);
		protocol?: string;
		host?: string;
		port?: string | number;
	};
	// Without DOCKER_HOST, docker-modem picks the user's or the system's socket on connect.
	if (typeof modem.socketPath === 'function') return 'unix:///var/run/docker.sock';
	if (modem.socketPath) return `unix://${modem.socketPath}`;
	return `${modem.protocol ?? 'http'}://${modem.host}:${modem.port}`;
}

function stoppedBeforeStart(): RunOutcome {
	return {
		status: 'stopped',
		exitCode: null,
		limitsHit: [],
		compileMs: null,
		runMs: null,
		outputTruncated: false
	};
}

function sandboxError(message: string): RunOutcome {
	return {
		status: 'sandbox-error',
		exitCode: null,
		limitsHit: [],
		compileMs: null,
		runMs: null,
		outputTruncated: false,
		message
	};
}
