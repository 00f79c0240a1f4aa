import { afterEach, describe, expect, it, vi } from 'vitest';
import { roomDoc, writeControl, writeEndedAt } from '../document/room-doc';
import { trackRoomRules } from './room-rules';

describe('trackRoomRules', () => {
	it('holds a lock and the end only once the grace after seeing them has passed', () => {
		const room = roomDoc();
		let now = 0;
		const { rules, stop } = trackRoomRules(room, 1000, () => now);
		writeControl(room, 'editorLocked', true);
		writeControl(room, 'observersMayChat', true);
		now = 999;
		expect(rules()).toMatchObject({ editorLocked: false, observersMayChat: true, ended: false });
		now = 1000;
		expect(rules().editorLocked).toBe(true);

		writeEndedAt(room, Date.now());
		expect(rules().ended).toBe(false);
		now = 2000;
		expect(rules().ended).toBe(true);
		stop();
	});

	it('lifts a lock at once', () => {
		const room = roomDoc();
		writeControl(room, 'editorLocked', true);
		const { rules } = trackRoomRules(room, 1000, () => 0);
		expect(rules().editorLocked).toBe(true);
		writeControl(room, 'editorLocked', false);
		expect(rules().editorLocked).toBe(false);
	});

	it('mutes observers only once the grace has passed', () => {
		const room = roomDoc();
		writeControl(room, 'observersMayChat', true);
		let now = 0;
		const { rules } = trackRoomRules(room, 1000, () => now);
		writeControl(room, 'observersMayChat', false);
		now = 999;
		expect(rules().observersMayChat).toBe(true);
		now = 1000;
		expect(rules().observersMayChat).toBe(false);
	});
});

describe('trackRoomRules: settled', () => {
	afterEach(() => {
		vi.useRealTimers();
	});

	it('tells when a restriction has taken hold, and that nothing is pending before and after', () => {
		vi.useFakeTimers();
		const room = roomDoc();
		writeControl(room, 'observersMayChat', true);
		const { onSettled } = trackRoomRules(room, 1000, () => Date.now());
		const told: boolean[] = [];
		const stop = onSettled((settled) => told.push(settled));
		expect(told).toEqual([true]);

		writeControl(room, 'editorLocked', true);
		expect(told).toEqual([true, false]);
		vi.advanceTimersByTime(600);
		// Another restriction meanwhile: settled once the later grace is over too.
		writeControl(room, 'observersMayChat', false);
		vi.advanceTimersByTime(999);
		expect(told).toEqual([true, false]);
		vi.advanceTimersByTime(1);
		expect(told).toEqual([true, false, true]);

		// Lifting a restriction starts no grace.
		writeControl(room, 'editorLocked', false);
		expect(told).toEqual([true, false, true]);
		stop();
		writeControl(room, 'editorLocked', true);
		vi.advanceTimersByTime(1000);
		expect(told).toEqual([true, false, true]);
	});
});
