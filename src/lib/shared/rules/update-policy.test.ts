import { describe, expect, it, vi } from 'vitest';
import { isShutOut, judgeUpdate, type RoomRules, type VerifiedPeer } from './update-policy';
import type { UpdateSummary } from './update-summary';

const interviewer: VerifiedPeer = { participantId: 'i', role: 'interviewer', name: 'Ada' };
const candidate: VerifiedPeer = { participantId: 'c', role: 'candidate', name: 'Alan' };
const observer: VerifiedPeer = { participantId: 'o', role: 'observer', name: 'Grace' };

const open: RoomRules = {
	editorLocked: false,
	observersMayChat: false,
	ended: false,
	revokedObserverLinks: new Set()
};
/** An update doing what `summary` says (null: cannot be told yet), or adding observer `lines`. */
const changing = (
	summary: Partial<Record<keyof UpdateSummary, unknown[]>> | null,
	lines: unknown[] | null = null
) => ({
	summary: vi.fn(() =>
		summary
			? {
					roots: new Set((summary.roots ?? []) as string[]),
					settingsKeys: new Set((summary.settingsKeys ?? []) as string[]),
					chatLines: summary.chatLines ?? []
				}
			: null
	),
	observerLines: vi.fn(() => lines)
});
const ownLine = { authorId: 'o', role: 'observer', text: 'hi' };
const candidatesLine = {
	id: 'l1',
	authorId: 'c',
	author: 'Alan',
	role: 'candidate',
	text: 'hello',
	sentAt: 1_700_000_000_000
};

describe('hostile: what each role may change (judgeUpdate)', () => {
	it("applies the interviewer's updates under any rules, without looking at them", () => {
		const update = changing({ roots: ['code'] });
		const rules = { ...open, editorLocked: true, ended: true };
		expect(judgeUpdate(interviewer, rules, update)).toBe('apply');
		expect(update.summary).not.toHaveBeenCalled();
	});

	it("applies a candidate's edits, language and input until the editor is locked; then only chat", () => {
		const locked = { ...open, editorLocked: true };
		const edits = { roots: ['code', 'settings'], settingsKeys: ['language', 'stdin'] };
		expect(judgeUpdate(candidate, open, changing(edits))).toBe('apply');
		expect(judgeUpdate(candidate, locked, changing({ roots: ['code'] }))).toBe('refuse');
		expect(
			judgeUpdate(candidate, locked, changing({ roots: ['settings'], settingsKeys: ['language'] }))
		).toBe('refuse');
		expect(
			judgeUpdate(candidate, locked, changing({ roots: ['chat'], chatLines: [candidatesLine] }))
		).toBe('apply');
	});

	it('waits with a candidate update that builds on what this page does not have yet', () => {
		expect(judgeUpdate(candidate, open, changing(null))).toBe('undecided');
	});

	it("refuses a candidate's writes to the interviewer's settings", () => {
		for (const key of ['editorLocked', 'observersMayChat', 'endedAt', 'revokedObserverLinks']) {
			const update = changing({ roots: ['settings'], settingsKeys: [key] });
			expect(judgeUpdate(candidate, open, update)).toBe('refuse');
		}
	});

	it("refuses a candidate's chat lines in anyone else's name or role", () => {
		for (const line of [
			{ ...candidatesLine, authorId: 'i' },
			{ ...candidatesLine, author: 'Ada' },
			{ ...candidatesLine, role: 'interviewer' },
			{ ...candidatesLine, authorId: 'i', sentAt: 9e15 }
		]) {
			const update = changing({ roots: ['chat'], chatLines: [line] });
			expect(judgeUpdate(candidate, open, update)).toBe('refuse');
		}
	});

	it('leaves malformed lines, which claim nobody, to the readers', () => {
		for (const line of [{ ...candidatesLine, sentAt: 9e15 }, 'plain text', { text: 'hi' }]) {
			const update = changing({ roots: ['chat'], chatLines: [line] });
			expect(judgeUpdate(candidate, open, update)).toBe('apply');
		}
	});

	it('applies nothing but the interviewer’s once the interview ended', () => {
		const ended = { ...open, ended: true, observersMayChat: true };
		expect(judgeUpdate(candidate, ended, changing({ roots: ['chat'] }))).toBe('refuse');
		expect(judgeUpdate(observer, ended, changing(null, [ownLine]))).toBe('refuse');
	});

	it('applies no observer update unless observers may chat', () => {
		expect(judgeUpdate(observer, open, changing(null, [ownLine]))).toBe('refuse');
	});

	it("applies an observer's new chat lines in its own name, when observers may chat", () => {
		const chatting = { ...open, observersMayChat: true };
		const asInterviewer = { ...ownLine, authorId: 'i', role: 'interviewer' };
		const asOtherObserver = { ...ownLine, authorId: 'o2' };
		expect(judgeUpdate(observer, chatting, changing(null, [ownLine]))).toBe('apply');
		expect(judgeUpdate(observer, chatting, changing({ roots: ['code'] }))).toBe('refuse');
		expect(judgeUpdate(observer, chatting, changing(null, [asInterviewer]))).toBe('refuse');
		expect(judgeUpdate(observer, chatting, changing(null, [asOtherObserver]))).toBe('refuse');
	});

	it('shuts out observers who came in by a revoked link, and only them', () => {
		const rules = { ...open, revokedObserverLinks: new Set(['revoked']) };
		expect(isShutOut({ ...observer, observerLink: 'revoked' }, rules)).toBe(true);
		expect(isShutOut({ ...observer, observerLink: 'other' }, rules)).toBe(false);
		expect(isShutOut(candidate, rules)).toBe(false);
	});
});
