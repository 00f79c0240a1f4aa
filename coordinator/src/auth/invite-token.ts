import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const inviteTokenBytes = 32;

/** A new candidate invite token: 256 random bits, URL-safe. */
export function issueInviteToken(): string {
	return randomBytes(inviteTokenBytes).toString('base64url');
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * True when `presented` is the room's invite token. Compares in constant time: hashing
 * first gives equal lengths, so not even the length leaks.
 */
export function inviteMatches(expected: string, presented: string | undefined): boolean {
	if (presented === undefined) return false;
	return timingSafeEqual(digest(expected), digest(presented));
}
