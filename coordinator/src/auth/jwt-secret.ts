import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const secretFileName = 'jwt-secret';

/**
 * The key that signs every token: `JWT_SECRET` when set, else a random key generated on
 * first start and kept in DATA_DIR so sessions survive a restart.
 */
export function loadJwtSecret(options: { jwtSecret?: string; dataDir: string }): Uint8Array {
	if (options.jwtSecret) return new TextEncoder().encode(options.jwtSecret);
	const path = join(options.dataDir, secretFileName);
	try {
		return new Uint8Array(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64url'));
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
	}
	const secret = randomBytes(32);
	mkdirSync(options.dataDir, { recursive: true });
	// 'wx' fails if another process created the file first; mode 0600 keeps it private.
	writeFileSync(path, secret.toString('base64url'), { flag: 'wx', mode: 0o600 });
	return new Uint8Array(secret);
}
