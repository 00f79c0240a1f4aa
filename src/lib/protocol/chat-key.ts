import { base64url } from 'jose';
import { z } from 'zod';

const chatPublicKeyBytes = 32;
const malformed = 'A chat key must be a raw Ed25519 public key: 32 bytes in base64url';

/**
 * A page's chat public key (chat-signature.ts) as `rooms.join` takes it: raw Ed25519, in
 * base64url without padding, exactly 32 bytes written the one way they encode (43
 * characters, the last carrying no stray bits).
 */
export const ChatPublicKey = z
	.string()
	.regex(/^[A-Za-z0-9_-]{43}$/, { error: malformed })
	.refine(
		(key) => {
			const bytes = base64url.decode(key);
			return bytes.length === chatPublicKeyBytes && base64url.encode(bytes) === key;
		},
		{ error: malformed }
	);
