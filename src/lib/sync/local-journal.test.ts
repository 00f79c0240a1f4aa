import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryStorage } from '../test-support/memory-storage';
import { LocalJournal } from './local-journal';

afterEach(() => vi.restoreAllMocks());

describe('LocalJournal', () => {
	it('has an entry in storage when append returns, for the next page to recover', () => {
		const storage = new MemoryStorage();
		const journal = new LocalJournal('doc:room-1', storage);
		const first = journal.append('one');
		journal.append('two');
		expect(storage.length).toBe(2);

		// The page goes without removing anything; the next one finds both, in order.
		const next = new LocalJournal('doc:room-1', storage);
		expect(next.recover()).toEqual([
			{ id: first, value: 'one' },
			{ id: expect.any(String), value: 'two' }
		]);
	});

	it('recovers only its own name, and not what was removed', () => {
		const storage = new MemoryStorage();
		storage.setItem('pairdesk:admission:room-1', '{}');
		const journal = new LocalJournal('doc:room-1', storage);
		const written = journal.append('written');
		journal.append('unwritten');
		new LocalJournal('doc:room-2', storage).append('another room');
		journal.remove([written]);

		expect(new LocalJournal('doc:room-1', storage).recover().map((entry) => entry.value)).toEqual([
			'unwritten'
		]);
	});

	it("orders a later page's entries after an earlier page's, and each page's by when appended", () => {
		const storage = new MemoryStorage();
		vi.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-01-01T10:00:00Z'));
		const earlier = new LocalJournal('recording:r:p', storage);
		vi.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-01-01T10:00:01Z'));
		const later = new LocalJournal('recording:r:p', storage);
		later.append('later 0');
		for (let i = 0; i < 12; i++) earlier.append(`earlier ${i}`);
		later.append('later 1');

		expect(
			new LocalJournal('recording:r:p', storage).recover().map((entry) => entry.value)
		).toEqual([...Array.from({ length: 12 }, (_, i) => `earlier ${i}`), 'later 0', 'later 1']);
	});

	it('goes on when storage refuses a write, and says so once', () => {
		const storage = new MemoryStorage();
		storage.refuse = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		const journal = new LocalJournal('doc:room-1', storage);
		const ids = [journal.append('a'), journal.append('b')];

		expect(new Set(ids).size).toBe(2);
		expect(journal.recover()).toEqual([]);
		expect(warn).toHaveBeenCalledTimes(1);
		expect(String(warn.mock.calls[0]![0])).toContain('quota');
	});
});
