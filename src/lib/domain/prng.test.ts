import { describe, expect, it } from 'vitest';
import { mulberry32 } from './prng.ts';

describe('mulberry32', () => {
	it('repeats for a seed, differs between seeds, stays in [0, 1)', () => {
		const a = mulberry32(42);
		const b = mulberry32(42);
		const first = Array.from({ length: 1000 }, () => a());
		expect(Array.from({ length: 1000 }, () => b())).toEqual(first);
		expect(mulberry32(43)()).not.toBe(first[0]);
		expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
		expect(Math.abs(first.reduce((s, x) => s + x, 0) / 1000 - 0.5)).toBeLessThan(0.05);
	});
});
