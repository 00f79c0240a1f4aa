import { describe, expect, it, vi } from 'vitest';
import { mayApplyUpdate, type RoomRules, type VerifiedPeer } from './update-policy';
import type { UpdateSummary } from './update-summary';

const interviewer: VerifiedPeer = { participantId: 'i', role: 'interviewer', name: 'Ada' };
const candidate: VerifiedPeer = { participantId: 'c', role: 'candidate', name: 'Alan' };
const observer: VerifiedPeer = { participantId: 'o', role: 'observer', name: 'Grace' };

const open: RoomRules = { editorLocked: false, observersMayChat: false, ended: false };
const summary =
	(roots: string[], insertedValues: unknown[] = [], deletes = false) =>
	() =>
		({ roots: new Set(roots), insertedValues, deletes }) satisfies UpdateSummary;
const ownLine = { authorId: 'o', role: 'observer', text: 'hi' };

describe('mayApplyUpdate', () => {
	it("applies the interviewer's updates under any rules, without looking at them", () => {
		const summarize = vi.fn(summary(['code']));
		const rules = { editorLocked: true, observersMayChat: false, ended: true };
		expect(mayApplyUpdate(interviewer, rules, summarize)).toBe(true);
		expect(summarize).not.toHaveBeenCalled();
	});

	it("applies a candidate's edits until the editor is locked; then only chat", () => {
		const locked = { ...open, editorLocked: true };
		expect(mayApplyUpdate(candidate, open, summary(['code', 'settings']))).toBe(true);
		expect(mayApplyUpdate(candidate, locked, summary(['code']))).toBe(false);
		expect(mayApplyUpdate(candidate, locked, summary(['settings']))).toBe(false);
		expect(mayApplyUpdate(candidate, locked, summary(['chat'], [{ text: 'hi' }]))).toBe(true);
		expect(mayApplyUpdate(candidate, locked, () => null)).toBe(false);
	});

	it('applies nothing but the interviewer’s once the interview ended', () => {
		const ended = { ...open, ended: true, observersMayChat: true };
		expect(mayApplyUpdate(candidate, ended, summary(['chat']))).toBe(false);
		expect(mayApplyUpdate(observer, ended, summary(['chat'], [ownLine]))).toBe(false);
	});

	it('applies no observer update unless observers may chat', () => {
		expect(mayApplyUpdate(observer, open, summary(['chat'], [ownLine]))).toBe(false);
	});

	it("applies an observer's new chat lines in its own name, when observers may chat", () => {
		const chatting = { ...open, observersMayChat: true };
		const asInterviewer = { ...ownLine, authorId: 'i', role: 'interviewer' };
		expect(mayApplyUpdate(observer, chatting, summary(['chat'], [ownLine]))).toBe(true);
		expect(mayApplyUpdate(observer, chatting, summary(['chat', 'code'], [ownLine]))).toBe(false);
		expect(mayApplyUpdate(observer, chatting, summary(['chat'], [asInterviewer]))).toBe(false);
		expect(mayApplyUpdate(observer, chatting, summary(['chat'], [ownLine], true))).toBe(false);
		expect(mayApplyUpdate(observer, chatting, () => null)).toBe(false);
	});
});
