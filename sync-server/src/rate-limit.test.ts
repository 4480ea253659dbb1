import { describe, expect, it } from 'vitest';
import { FailureLimiter } from './rate-limit.ts';

describe('FailureLimiter', () => {
	it('lets a key try until it reaches the maximum, then asks it to wait out the window', () => {
		let now = 1_000_000;
		const limiter = new FailureLimiter(3, 60_000, () => now);
		for (let i = 0; i < 3; i++) {
			expect(limiter.retryAfter('ip|anna')).toBe(0);
			limiter.fail('ip|anna');
		}
		expect(limiter.retryAfter('ip|anna')).toBe(60);
		now += 30_000;
		expect(limiter.retryAfter('ip|anna')).toBe(30);
		expect(limiter.retryAfter('ip|tom')).toBe(0);
		now += 30_001;
		expect(limiter.retryAfter('ip|anna')).toBe(0);
	});

	it('forgets the failures of a key after a success', () => {
		const limiter = new FailureLimiter(2, 60_000, () => 0);
		limiter.fail('k');
		limiter.succeed('k');
		limiter.fail('k');
		expect(limiter.retryAfter('k')).toBe(0);
		limiter.fail('k');
		expect(limiter.retryAfter('k')).toBeGreaterThan(0);
	});
});
