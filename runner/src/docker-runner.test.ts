import Docker from 'dockerode';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { engineAddress } from './docker-runner';

describe('engineAddress', () => {
	afterEach(() => vi.unstubAllEnvs());

	it('names the default socket when DOCKER_HOST is unset', () => {
		vi.stubEnv('DOCKER_HOST', '');
		expect(engineAddress(new Docker())).toBe('unix:///var/run/docker.sock');
	});

	it('names the engine DOCKER_HOST points at', () => {
		vi.stubEnv('DOCKER_HOST', 'tcp://10.0.0.5:2375');
		expect(engineAddress(new Docker())).toBe('http://10.0.0.5:2375');
		vi.stubEnv('DOCKER_HOST', 'unix:///run/engine.sock');
		expect(engineAddress(new Docker())).toBe('unix:///run/engine.sock');
	});
});
