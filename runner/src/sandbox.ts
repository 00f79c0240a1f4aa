import type Docker from 'dockerode';
import type { SandboxLimits } from './limits';

/** Every sandbox carries this label, so a runner can find the ones a crash left behind. */
export const sandboxLabel = 'pairdesk.sandbox';

/** A started sandbox whose launcher waits for its job on the attached stdin. Used once. */
export interface Sandbox {
	container: Docker.Container;
	/** Docker's multiplexed attach stream: write the job, read stdout and stderr frames. */
	stream: NodeJS.ReadWriteStream;
}

/** The container: no network, nothing writable but a small /tmp, unprivileged, capped. */
export function sandboxSpec(image: string, limits: SandboxLimits): Docker.ContainerCreateOptions {
	return {
		Image: image,
		Cmd: ['/usr/local/bin/pairdesk-launch'],
		User: '65534:65534',
		WorkingDir: '/tmp',
		Env: ['HOME=/tmp', 'LANG=C.UTF-8', 'GOMAXPROCS=1'],
		Labels: { [sandboxLabel]: '1' },
		OpenStdin: true,
		StdinOnce: true,
		AttachStdin: true,
		AttachStdout: true,
		AttachStderr: true,
		Tty: false,
		NetworkDisabled: true,
		HostConfig: {
			NetworkMode: 'none',
			Memory: limits.memoryBytes,
			MemorySwap: limits.memoryBytes,
			NanoCpus: Math.round(limits.cpus * 1e9),
			PidsLimit: limits.pids,
			ReadonlyRootfs: true,
			Tmpfs: { '/tmp': `rw,exec,nosuid,nodev,size=${limits.tmpBytes}` },
			CapDrop: ['ALL'],
			SecurityOpt: ['no-new-privileges'],
			Ulimits: [{ Name: 'nofile', Soft: 256, Hard: 256 }],
			// Output only travels over the attach stream: a log driver would keep a copy on disk.
			LogConfig: { Type: 'none', Config: {} }
		}
	};
}

/** Creates, attaches and starts a sandbox; its launcher then blocks reading the job. */
export async function startSandbox(
	docker: Docker,
	image: string,
	limits: SandboxLimits
): Promise<Sandbox> {
	const container = await docker.createContainer(sandboxSpec(image, limits));
	try {
		// Attached before start, so not a byte of output can be missed.
		const stream = await container.attach({
			stream: true,
			stdin: true,
			stdout: true,
			stderr: true,
			hijack: true
		});
		await container.start();
		return { container, stream };
	} catch (error) {
		await destroySandbox(container);
		throw error;
	}
}

/** Kills and removes a container, whatever state it is in. */
export async function destroySandbox(container: Docker.Container): Promise<void> {
	await container.remove({ force: true }).catch((error: { statusCode?: number }) => {
		if (error.statusCode !== 404 && error.statusCode !== 409) throw error;
	});
}
