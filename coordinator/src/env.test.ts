import { describe, expect, it } from 'vitest';
import { parseEnv } from './env';

describe('parseEnv', () => {
	it('fills in the defaults', () => {
		expect(parseEnv({})).toEqual({
			PORT: 3000,
			HOST: '0.0.0.0',
			DATA_DIR: './data',
			ICE_SERVERS: [],
			TRUST_PROXY: { kind: 'none' },
			TRPC_MAX_BODY_KB: 4096,
			LOG_LEVEL: 'info',
			BUILD_DIR: './build',
			RUNNER_MODE: 'local',
			RUNS_PER_ROOM_PER_MINUTE: 10,
			ROOM_MAX_ADMISSIONS: 50,
			RECORDING_UPLOAD_MS: 3000,
			RECORDING_KEYFRAME_EVERY: 5000,
			RECORDING_KEYFRAME_MINUTES: 15
		});
	});

	it('treats empty strings as unset, as a copied .env.example leaves them', () => {
		expect(
			parseEnv({
				PORT: '',
				DATA_DIR: '',
				DATABASE_URL: '',
				JWT_SECRET: '',
				ICE_SERVERS: '',
				LOG_LEVEL: ''
			})
		).toEqual(parseEnv({}));
	});

	it('reads the values that are set', () => {
		const env = parseEnv({
			PORT: '8080',
			DATA_DIR: '/var/lib/pairdesk',
			DATABASE_URL: 'postgres://pairdesk@db:5432/pairdesk',
			JWT_SECRET: 'x'.repeat(32),
			ICE_SERVERS: '[{"urls":["turn:turn.example.com"],"username":"u","credential":"c"}]'
		});

		expect(env).toMatchObject({
			PORT: 8080,
			DATA_DIR: '/var/lib/pairdesk',
			DATABASE_URL: 'postgres://pairdesk@db:5432/pairdesk',
			JWT_SECRET: 'x'.repeat(32),
			ICE_SERVERS: [{ urls: ['turn:turn.example.com'], username: 'u', credential: 'c' }]
		});
	});

	it.each(['abc', '70000', '-1', '3.5'])('refuses PORT=%j and names PORT', (port) => {
		expect(() => parseEnv({ PORT: port })).toThrow(/PORT/);
	});

	it('reads TRUST_PROXY, and refuses true naming it', () => {
		expect(parseEnv({ TRUST_PROXY: '1' }).TRUST_PROXY).toEqual({ kind: 'hops', hops: 1 });
		expect(parseEnv({ TRUST_PROXY: '10.0.0.0/8' }).TRUST_PROXY).toEqual({
			kind: 'addresses',
			addresses: ['10.0.0.0/8']
		});
		expect(() => parseEnv({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
	});

	it('refuses a JWT_SECRET shorter than 32 characters and names it', () => {
		expect(() => parseEnv({ JWT_SECRET: 'x'.repeat(31) })).toThrow(/JWT_SECRET/);
	});

	it.each(['not json', '{"urls":"stun:x"}', '[{"urls":42}]'])(
		'refuses ICE_SERVERS=%j and names ICE_SERVERS',
		(iceServers) => {
			expect(() => parseEnv({ ICE_SERVERS: iceServers })).toThrow(/ICE_SERVERS/);
		}
	);

	it('lists every bad variable in one error', () => {
		let message = '';
		try {
			parseEnv({ PORT: 'abc', LOG_LEVEL: 'loud' });
		} catch (error) {
			message = (error as Error).message;
		}
		expect(message).toMatch(/PORT/);
		expect(message).toMatch(/LOG_LEVEL/);
		expect(message).not.toMatch(/JWT_SECRET/);
	});

	it('refuses RUNNER_MODE=remote without a DATABASE_URL for the runners to share', () => {
		expect(() => parseEnv({ RUNNER_MODE: 'remote' })).toThrow(
			/RUNNER_MODE=remote needs DATABASE_URL/
		);
		expect(
			parseEnv({ RUNNER_MODE: 'remote', DATABASE_URL: 'postgres://u:p@db:5432/pairdesk' })
				.RUNNER_MODE
		).toBe('remote');
	});
});
