import { describe, expect, it } from 'vitest';
import { bigStepMs, replayKeyAction, stepMs } from './keys';

const press = (key: string, held: { shift?: boolean; ctrl?: boolean } = {}) =>
	replayKeyAction({
		key,
		shiftKey: held.shift ?? false,
		ctrlKey: held.ctrl ?? false,
		altKey: false,
		metaKey: false
	});

describe('replayKeyAction', () => {
	it('steps one second with the arrows, ten with Shift', () => {
		expect(press('ArrowRight')).toEqual({ kind: 'step', ms: stepMs });
		expect(press('ArrowLeft')).toEqual({ kind: 'step', ms: -stepMs });
		expect(press('ArrowRight', { shift: true })).toEqual({ kind: 'step', ms: bigStepMs });
		expect(press('ArrowLeft', { shift: true })).toEqual({ kind: 'step', ms: -bigStepMs });
		expect([stepMs, bigStepMs]).toEqual([1_000, 10_000]);
	});

	it('goes to the next and previous event with . and ,', () => {
		expect(press('.')).toEqual({ kind: 'event', direction: 1 });
		expect(press(',')).toEqual({ kind: 'event', direction: -1 });
		// Shift+. and Shift+, on a US layout.
		expect(press('>', { shift: true })).toEqual({ kind: 'event', direction: 1 });
		expect(press('<', { shift: true })).toEqual({ kind: 'event', direction: -1 });
	});

	it("leaves other keys and the browser's shortcuts alone", () => {
		expect(press('a')).toBeNull();
		expect(press('ArrowRight', { ctrl: true })).toBeNull();
	});
});
