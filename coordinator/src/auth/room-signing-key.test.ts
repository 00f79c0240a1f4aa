import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair } from 'jose';
import { loadRoomSigningKey } from './room-signing-key';

const dirs: string[] = [];
const freshDir = () => {
	const dir = mkdtempSync(join(tmpdir(), 'pairdesk-key-'));
	dirs.push(dir);
	return dir;
};
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('loadRoomSigningKey', () => {
	it('generates a key once, keeps it private in DATA_DIR, and loads the same one next time', async () => {
		const dataDir = freshDir();
		const first = await loadRoomSigningKey({ dataDir });
		const again = await loadRoomSigningKey({ dataDir });
		expect(again.publicJwk).toEqual(first.publicJwk);
		expect(first.publicJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
		expect(first.publicJwk).not.toHaveProperty('d');
		const file = join(dataDir, 'room-signing-key.json');
		expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveProperty('d');
		expect(statSync(file).mode & 0o777).toBe(0o600);
	});

	it('uses ROOM_SIGNING_KEY when set, so coordinators can share it', async () => {
		const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
		const jwk = await exportJWK(privateKey);
		const loaded = await loadRoomSigningKey({
			roomSigningKey: JSON.stringify(jwk),
			dataDir: freshDir()
		});
		expect(loaded.publicJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', x: jwk.x });
	});

	it('names the setting when the key is not a private Ed25519 JWK', async () => {
		await expect(
			loadRoomSigningKey({ roomSigningKey: 'nope', dataDir: freshDir() })
		).rejects.toThrow(/ROOM_SIGNING_KEY is not JSON/);
		await expect(
			loadRoomSigningKey({ roomSigningKey: '{"kty":"oct","k":"abc"}', dataDir: freshDir() })
		).rejects.toThrow(/private Ed25519 JWK/);
	});
});
