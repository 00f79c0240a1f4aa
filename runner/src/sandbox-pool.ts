import type Docker from 'dockerode';
import type { SandboxLimits } from './limits';
import { destroySandbox, type Sandbox, startSandbox } from './sandbox';

/**
 * Started sandboxes waiting for a job, a few per image, so a run does not pay for creating
 * and starting a container. A sandbox is handed out once and never comes back; the pool
 * starts a replacement in the background.
 */
export class SandboxPool {
	private readonly warm = new Map<string, Sandbox[]>();
	private readonly filling = new Map<string, Promise<void>>();
	private closed = false;

	constructor(
		private readonly docker: Docker,
		private readonly limits: SandboxLimits,
		private readonly size: number,
		private readonly onError: (error: unknown, image: string) => void = () => {}
	) {}

	/** Starts filling the pool for `images`, without waiting. */
	prewarm(images: string[]): void {
		for (const image of images) this.refill(image);
	}

	/** A started sandbox of `image`: a warm one if there is one, else a new one. */
	async take(image: string): Promise<Sandbox> {
		const ready = this.warm.get(image) ?? [];
		let sandbox: Sandbox | undefined;
		while ((sandbox = ready.shift())) {
			// One that died while idle (daemon restart, idle timeout) is of no use.
			if (sandbox.stream.writable) break;
			void destroySandbox(sandbox.container);
		}
		this.refill(image);
		return sandbox ?? startSandbox(this.docker, image, this.limits);
	}

	private refill(image: string): void {
		if (this.closed || this.filling.has(image)) return;
		const fill = (async () => {
			const ready = this.warm.get(image) ?? [];
			this.warm.set(image, ready);
			while (!this.closed && ready.length < this.size) {
				const sandbox = await startSandbox(this.docker, image, this.limits);
				if (this.closed) await destroySandbox(sandbox.container);
				else ready.push(sandbox);
			}
		})()
			.catch((error) => this.onError(error, image))
			.finally(() => this.filling.delete(image));
		this.filling.set(image, fill);
	}

	/** Destroys every waiting sandbox. */
	async close(): Promise<void> {
		this.closed = true;
		await Promise.all(this.filling.values());
		const all = [...this.warm.values()].flat();
		this.warm.clear();
		await Promise.all(all.map((sandbox) => destroySandbox(sandbox.container)));
	}
}
