import { describe, expect, it, vi } from 'vitest';
import { isShutOut, mayApplyUpdate, type RoomRules, type VerifiedPeer } from './update-policy';

const interviewer: VerifiedPeer = { participantId: 'i', role: 'interviewer', name: 'Ada' };
const candidate: VerifiedPeer = { participantId: 'c', role: 'candidate', name: 'Alan' };
const observer: VerifiedPeer = { participantId: 'o', role: 'observer', name: 'Grace' };

const open: RoomRules = {
	editorLocked: false,
	observersMayChat: false,
	ended: false,
	revokedObserverLinks: new Set()
};
/** An update that changes `roots`, or adds observer `lines` (null: it does more than that). */
const changing = (roots: string[] | null, lines: unknown[] | null = null) => ({
	roots: vi.fn(() => roots && new Set(roots)),
	observerLines: vi.fn(() => lines)
});
const ownLine = { authorId: 'o', role: 'observer', text: 'hi' };

describe('mayApplyUpdate', () => {
	it("applies the interviewer's updates under any rules, without looking at them", () => {
		const update = changing(['code']);
		const rules = { ...open, editorLocked: true, ended: true };
		expect(mayApplyUpdate(interviewer, rules, update)).toBe(true);
		expect(update.roots).not.toHaveBeenCalled();
	});

	it("applies a candidate's edits until the editor is locked; then only chat", () => {
		const locked = { ...open, editorLocked: true };
		expect(mayApplyUpdate(candidate, open, changing(['code', 'settings']))).toBe(true);
		expect(mayApplyUpdate(candidate, locked, changing(['code']))).toBe(false);
		expect(mayApplyUpdate(candidate, locked, changing(['settings']))).toBe(false);
		expect(mayApplyUpdate(candidate, locked, changing(['chat']))).toBe(true);
		expect(mayApplyUpdate(candidate, locked, changing(null))).toBe(false);
	});

	it('applies nothing but the interviewer’s once the interview ended', () => {
		const ended = { ...open, ended: true, observersMayChat: true };
		expect(mayApplyUpdate(candidate, ended, changing(['chat']))).toBe(false);
		expect(mayApplyUpdate(observer, ended, changing(['observerChat'], [ownLine]))).toBe(false);
	});

	it('applies no observer update unless observers may chat', () => {
		expect(mayApplyUpdate(observer, open, changing(['observerChat'], [ownLine]))).toBe(false);
	});

	it("applies an observer's new chat lines in its own name, when observers may chat", () => {
		const chatting = { ...open, observersMayChat: true };
		const asInterviewer = { ...ownLine, authorId: 'i', role: 'interviewer' };
		const asOtherObserver = { ...ownLine, authorId: 'o2' };
		expect(mayApplyUpdate(observer, chatting, changing(['observerChat'], [ownLine]))).toBe(true);
		expect(mayApplyUpdate(observer, chatting, changing(['code']))).toBe(false);
		expect(mayApplyUpdate(observer, chatting, changing(['observerChat'], [asInterviewer]))).toBe(
			false
		);
		expect(mayApplyUpdate(observer, chatting, changing(['observerChat'], [asOtherObserver]))).toBe(
			false
		);
	});

	it('shuts out observers who came in by a revoked link, and only them', () => {
		const rules = { ...open, revokedObserverLinks: new Set(['revoked']) };
		expect(isShutOut({ ...observer, observerLink: 'revoked' }, rules)).toBe(true);
		expect(isShutOut({ ...observer, observerLink: 'other' }, rules)).toBe(false);
		expect(isShutOut(candidate, rules)).toBe(false);
	});
});
