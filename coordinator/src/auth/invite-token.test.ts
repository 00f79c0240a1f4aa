import { describe, expect, it } from 'vitest';
import { inviteMatches, issueInviteToken } from './invite-token';

describe('invite tokens', () => {
	it('are URL-safe and different every time', () => {
		const tokens = new Set(Array.from({ length: 100 }, issueInviteToken));
		expect(tokens.size).toBe(100);
		for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
	});

	it('match only themselves', () => {
		const token = issueInviteToken();
		expect(inviteMatches(token, token)).toBe(true);
		expect(inviteMatches(token, issueInviteToken())).toBe(false);
		expect(inviteMatches(token, token.slice(0, -1))).toBe(false);
		expect(inviteMatches(token, `${token}x`)).toBe(false);
		expect(inviteMatches(token, '')).toBe(false);
		expect(inviteMatches(token, undefined)).toBe(false);
	});
});
