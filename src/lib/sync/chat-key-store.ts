import type { ChatSigner } from '../protocol/chat-signature';

/**
 * Keeps this browser's chat signer for a room across reloads, so that a page coming back
 * with its remembered admission (admission.ts) can still sign. IndexedDB stores the
 * private key as the CryptoKey it is: still not extractable, usable only by this origin.
 */
const databaseName = 'pairdesk-chat-keys';
const storeName = 'signers';

function open(): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const request = indexedDB.open(databaseName, 1);
		request.onupgradeneeded = () => request.result.createObjectStore(storeName);
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
}

async function transact<T>(
	mode: IDBTransactionMode,
	work: (store: IDBObjectStore) => IDBRequest<T>
): Promise<T> {
	const db = await open();
	try {
		return await new Promise<T>((resolve, reject) => {
			const transaction = db.transaction(storeName, mode);
			const request = work(transaction.objectStore(storeName));
			transaction.oncomplete = () => resolve(request.result);
			transaction.onerror = () => reject(transaction.error);
			transaction.onabort = () => reject(transaction.error);
		});
	} finally {
		db.close();
	}
}

/** Keeps `signer` as this browser's for the room, replacing any earlier one. */
export async function keepChatSigner(roomId: string, signer: ChatSigner): Promise<void> {
	await transact('readwrite', (store) => store.put(signer, roomId));
}

/** The signer kept for the room, if it is the one `cert` certifies; null otherwise. */
export async function keptChatSigner(roomId: string, cert: string): Promise<ChatSigner | null> {
	const kept = (await transact('readonly', (store) => store.get(roomId))) as
		Partial<ChatSigner> | undefined;
	return kept?.cert === cert && kept.privateKey instanceof CryptoKey
		? { cert, privateKey: kept.privateKey }
		: null;
}

/** Forgets the signer kept for the room. */
export async function forgetChatSigner(roomId: string): Promise<void> {
	await transact('readwrite', (store) => store.delete(roomId));
}
