import { describe, expect, it } from 'vitest';
import { FIRST_RETRY_MS, MAX_RETRY_MS, nextBackoff } from './backoff.ts';

describe('nextBackoff', () => {
	it('starts at a second and doubles', () => {
		const middle = () => 0.5;
		expect(nextBackoff(0, middle)).toBe(FIRST_RETRY_MS);
		expect(nextBackoff(1000, middle)).toBe(2000);
		expect(nextBackoff(2000, middle)).toBe(4000);
	});

	it('never waits longer than the maximum plus jitter', () => {
		let delay = 0;
		for (let i = 0; i < 20; i++) delay = nextBackoff(delay, () => 0.5);
		expect(delay).toBe(MAX_RETRY_MS);
		expect(nextBackoff(MAX_RETRY_MS, () => 1)).toBeLessThanOrEqual(MAX_RETRY_MS * 1.2);
		expect(nextBackoff(MAX_RETRY_MS, () => 0)).toBeGreaterThanOrEqual(MAX_RETRY_MS * 0.8);
	});
});
