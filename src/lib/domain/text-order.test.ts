import { describe, expect, it } from 'vitest';
import { compareCodeUnits } from './text-order.ts';

describe('compareCodeUnits', () => {
	it('orders ISO times as time runs, with or without milliseconds, like localeCompare does', () => {
		const times = ['2026-12-06T08:15:00.000Z', '2026-12-06T08:15:00Z', '2026-12-06T08:14:59.999Z', '2026-11-30T23:59:59Z', '2027-01-01T00:00:00Z', '2026-12-06'];
		expect([...times].sort(compareCodeUnits)).toEqual([...times].sort((a, b) => a.localeCompare(b)));
		expect([...times].sort(compareCodeUnits)[0]).toBe('2026-11-30T23:59:59Z');
	});

	it('is zero only for equal text', () => {
		expect(compareCodeUnits('visit:a', 'visit:a')).toBe(0);
		expect(compareCodeUnits('visit:a', 'visit:b')).toBeLessThan(0);
		expect(compareCodeUnits('visit:b', 'visit:a')).toBeGreaterThan(0);
	});
});
