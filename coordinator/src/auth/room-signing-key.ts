import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { roomTokenAlgorithm } from '../../../src/lib/protocol/room-token';

export interface RoomSigningKey {
	privateKey: CryptoKey;
	publicKey: CryptoKey;
	/** What peers verify room tokens with; safe to hand to anyone. */
	publicJwk: JWK;
}

const keyFileName = 'room-signing-key.json';

async function fromPrivateJwk(jwk: JWK): Promise<RoomSigningKey> {
	if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.d || !jwk.x) {
		throw new Error(
			'ROOM_SIGNING_KEY must be a private Ed25519 JWK ({"kty":"OKP","crv":"Ed25519","d":…,"x":…})'
		);
	}
	const publicJwk: JWK = {
		kty: jwk.kty,
		crv: jwk.crv,
		x: jwk.x,
		alg: roomTokenAlgorithm,
		use: 'sig'
	};
	return {
		privateKey: (await importJWK(
			{ ...jwk, alg: roomTokenAlgorithm },
			roomTokenAlgorithm
		)) as CryptoKey,
		publicKey: (await importJWK(publicJwk, roomTokenAlgorithm)) as CryptoKey,
		publicJwk
	};
}

/** A new key pair, not kept anywhere: for tests and one-off tools. */
export async function generateRoomSigningKey(): Promise<RoomSigningKey> {
	const { privateKey } = await generateKeyPair(roomTokenAlgorithm, {
		crv: 'Ed25519',
		extractable: true
	});
	return fromPrivateJwk(await exportJWK(privateKey));
}

/**
 * The key that signs room tokens: `ROOM_SIGNING_KEY` (a private Ed25519 JWK) when set, else
 * one generated on first start and kept in DATA_DIR, so tokens survive a restart.
 */
export async function loadRoomSigningKey(options: {
	roomSigningKey?: string;
	dataDir: string;
}): Promise<RoomSigningKey> {
	if (options.roomSigningKey) {
		let jwk: JWK;
		try {
			jwk = JSON.parse(options.roomSigningKey) as JWK;
		} catch {
			throw new Error('ROOM_SIGNING_KEY is not JSON: it must be a private Ed25519 JWK');
		}
		return fromPrivateJwk(jwk);
	}
	const path = join(options.dataDir, keyFileName);
	try {
		return await fromPrivateJwk(JSON.parse(readFileSync(path, 'utf8')) as JWK);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
	}
	const { privateKey } = await generateKeyPair(roomTokenAlgorithm, {
		crv: 'Ed25519',
		extractable: true
	});
	const jwk = await exportJWK(privateKey);
	mkdirSync(options.dataDir, { recursive: true });
	// 'wx' fails if another process created the file first; mode 0600 keeps it private.
	writeFileSync(path, JSON.stringify(jwk), { flag: 'wx', mode: 0o600 });
	return fromPrivateJwk(jwk);
}
