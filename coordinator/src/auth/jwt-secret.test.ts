import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadJwtSecret } from './jwt-secret';

let tempDir: string;

beforeEach(() => {
	tempDir = mkdtempSync(join(tmpdir(), 'pairdesk-jwt-secret-'));
});

afterEach(() => {
	rmSync(tempDir, { recursive: true, force: true });
});

describe('loadJwtSecret', () => {
	it('uses JWT_SECRET when it is set and writes nothing', () => {
		const jwtSecret = 'a-configured-secret-of-at-least-32-chars';
		const dataDir = join(tempDir, 'data');

		const secret = loadJwtSecret({ jwtSecret, dataDir });

		expect(Buffer.from(secret).toString('utf8')).toBe(jwtSecret);
		expect(existsSync(dataDir)).toBe(false);
	});

	it('without JWT_SECRET, generates a private key file in DATA_DIR', () => {
		const dataDir = join(tempDir, 'nested', 'data');

		const secret = loadJwtSecret({ dataDir });

		expect(secret).toHaveLength(32);
		const file = join(dataDir, 'jwt-secret');
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(readFileSync(file, 'utf8')).toBe(Buffer.from(secret).toString('base64url'));
	});

	it('returns the same key on the next start', () => {
		const dataDir = join(tempDir, 'data');
		const first = loadJwtSecret({ dataDir });

		const second = loadJwtSecret({ dataDir });

		expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
	});

	it('generates a different key for each data directory', () => {
		const one = loadJwtSecret({ dataDir: join(tempDir, 'one') });
		const two = loadJwtSecret({ dataDir: join(tempDir, 'two') });

		expect(Buffer.from(one).equals(Buffer.from(two))).toBe(false);
	});
});
