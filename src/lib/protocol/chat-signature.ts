import { base64url, importJWK, jwtVerify, type JWK } from 'jose';
import { ChatCertificateClaims, chatCertificateAudience } from './chat-certificate';
import type { ChatMessage, SignedChatMessage } from './chat';
import { roomTokenAlgorithm, roomTokenIssuer } from './room-token';

/**
 * Chat lines signed by their author's page: each page holds an Ed25519 key pair (WebCrypto,
 * the private half not extractable) whose public half the coordinator certified for that
 * participant (chat-certificate.ts). Whoever relays a line can withhold or reorder it, but
 * cannot change it or write one in someone else's name.
 */
const chatKeyAlgorithm = { name: 'Ed25519' } as const;
// Names what the signed bytes are, so that no signature made for anything else fits a line.
const signedLineContext = 'pairdesk:chat-line:1';
// Certificates are few (one per page load); more than this in a room is someone flooding.
const maxCachedCertificates = 256;

/** A page's way of signing its chat lines: its private key and the certificate for it. */
export interface ChatSigner {
	privateKey: CryptoKey;
	cert: string;
}

/** A new chat key pair for this page; only its public half can leave it. */
export async function generateChatKeyPair(): Promise<CryptoKeyPair> {
	return (await crypto.subtle.generateKey(chatKeyAlgorithm, false, [
		'sign',
		'verify'
	])) as CryptoKeyPair;
}

/** The raw public key in base64url, as `rooms.join` takes it (ChatPublicKey). */
export async function exportChatPublicKey(keyPair: CryptoKeyPair): Promise<string> {
	return base64url.encode(new Uint8Array(await crypto.subtle.exportKey('raw', keyPair.publicKey)));
}

/** Base64url decoded into bytes WebCrypto takes (the type of its own buffer, not a shared one). */
const bytesOf = (text: string) => new Uint8Array(base64url.decode(text));

/** The bytes a line's signature covers: the room and every field a reader shows. */
function signedBytes(roomId: string, line: ChatMessage): Uint8Array<ArrayBuffer> {
	const { id, authorId, author, role, text, sentAt, event } = line;
	const fields = [signedLineContext, roomId, id, authorId, author, role, text, sentAt];
	// Lines without an event sign what they signed before events existed.
	return new TextEncoder().encode(
		JSON.stringify(event === undefined ? fields : [...fields, event])
	);
}

/** `line` with the signature of `signer`, for the room `roomId`. */
export async function signChatLine(
	signer: ChatSigner,
	roomId: string,
	line: ChatMessage
): Promise<SignedChatMessage> {
	const signature = await crypto.subtle.sign(
		chatKeyAlgorithm,
		signer.privateKey,
		signedBytes(roomId, line)
	);
	return { ...line, cert: signer.cert, sig: base64url.encode(new Uint8Array(signature)) };
}

export class ChatSignatureError extends Error {
	override name = 'ChatSignatureError';
}

type CheckedCertificate = { claims: ChatCertificateClaims; key: CryptoKey };

/**
 * Checks chat lines of the room `roomId` with the room's public key (`admission.roomKey`):
 * the certificate is the coordinator's, for this room, names the line's author id, name and
 * role, and certifies the key the line is signed with. A certificate's age does not matter
 * (lines stay in long interviews). The returned function resolves when a line checks out
 * and rejects with ChatSignatureError, naming the reason, when it does not.
 */
export function createChatLineVerifier(roomKey: JWK, roomId: string) {
	const signingKey = importJWK({ ...roomKey, alg: roomTokenAlgorithm }, roomTokenAlgorithm);
	const certificates = new Map<string, Promise<CheckedCertificate>>();

	async function checkCertificate(cert: string): Promise<CheckedCertificate> {
		let claims: ChatCertificateClaims;
		try {
			const { payload } = await jwtVerify(cert, await signingKey, {
				issuer: roomTokenIssuer,
				audience: chatCertificateAudience,
				algorithms: [roomTokenAlgorithm]
			});
			claims = ChatCertificateClaims.parse(payload);
		} catch (error) {
			throw new ChatSignatureError(`chat certificate refused: ${(error as Error).message}`);
		}
		if (claims.room !== roomId) {
			throw new ChatSignatureError('chat certificate is for another room');
		}
		const key = await crypto.subtle.importKey('raw', bytesOf(claims.ck), chatKeyAlgorithm, false, [
			'verify'
		]);
		return { claims, key };
	}

	function certificate(cert: string): Promise<CheckedCertificate> {
		let checked = certificates.get(cert);
		if (!checked) {
			if (certificates.size >= maxCachedCertificates) {
				certificates.delete(certificates.keys().next().value!);
			}
			checked = checkCertificate(cert);
			certificates.set(cert, checked);
		}
		return checked;
	}

	return async (line: SignedChatMessage): Promise<void> => {
		const { claims, key } = await certificate(line.cert);
		if (claims.sub !== line.authorId || claims.name !== line.author || claims.role !== line.role) {
			throw new ChatSignatureError(
				`chat certificate is for ${claims.name} (${claims.role}), not the line's author`
			);
		}
		const valid = await crypto.subtle.verify(
			chatKeyAlgorithm,
			key,
			bytesOf(line.sig),
			signedBytes(roomId, line)
		);
		if (!valid) throw new ChatSignatureError('chat line signature does not match');
	};
}

export type ChatLineVerifier = ReturnType<typeof createChatLineVerifier>;
