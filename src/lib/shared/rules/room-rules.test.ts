import { describe, expect, it } from 'vitest';
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
