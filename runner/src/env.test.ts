import { describe, expect, it } from 'vitest';
import { parseRunnerEnv, parseStandaloneRunnerEnv } from './env';

describe('the runner’s settings', () => {
	it('fill in the defaults, empty values counting as unset', () => {
		expect(parseRunnerEnv({})).toEqual({ RUNNER_CONCURRENCY: 2, RUNNER_POOL_SIZE: 2 });
		expect(parseRunnerEnv({ RUNNER_CONCURRENCY: '', RUNNER_POOL_SIZE: '0' })).toEqual({
			RUNNER_CONCURRENCY: 2,
			RUNNER_POOL_SIZE: 0
		});
	});

	it('refuse a bad value, naming it', () => {
		expect(() => parseRunnerEnv({ RUNNER_CONCURRENCY: '0' })).toThrow(/RUNNER_CONCURRENCY/);
		expect(() => parseRunnerEnv({ RUNNER_POOL_SIZE: 'many' })).toThrow(/RUNNER_POOL_SIZE/);
	});

	it('need the coordinators’ database for a stand-alone runner', () => {
		expect(() => parseStandaloneRunnerEnv({})).toThrow(
			/DATABASE_URL is required: a runner claims runs from the coordinators’ PostgreSQL/
		);
		expect(() => parseStandaloneRunnerEnv({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
		expect(
			parseStandaloneRunnerEnv({
				DATABASE_URL: 'postgres://u:p@db:5432/pairdesk',
				LOG_LEVEL: 'warn'
			})
		).toEqual({
			RUNNER_CONCURRENCY: 2,
			RUNNER_POOL_SIZE: 2,
			DATABASE_URL: 'postgres://u:p@db:5432/pairdesk',
			LOG_LEVEL: 'warn'
		});
	});
});
