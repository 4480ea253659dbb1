import { describe, expect, it } from 'vitest';
import { addressKey, FailureLimiter } from './rate-limit.ts';

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

describe('FailureLimiter memory', () => {
	it('keeps at most its maximum of keys under a flood of new names, dropping expired ones first, then the oldest', () => {
		let now = 0;
		const limiter = new FailureLimiter(3, 60_000, () => now, 100);
		for (let i = 0; i < 100; i++) limiter.fail(`early-${i}`);
		now += 60_001;
		for (let i = 0; i < 1000; i++) limiter.fail(`flood-${i}`);
		expect(limiter.size).toBeLessThanOrEqual(100);
		// The newest counts survive: a lock just earned is not the one forgotten.
		for (let i = 0; i < 3; i++) limiter.fail('locked');
		expect(limiter.retryAfter('locked')).toBe(60);
		expect(limiter.size).toBeLessThanOrEqual(100);
	});

	it('starts a new window for a key whose window ended', () => {
		let now = 0;
		const limiter = new FailureLimiter(2, 1000, () => now);
		limiter.fail('k');
		now = 1500;
		limiter.fail('k');
		expect(limiter.retryAfter('k')).toBe(0);
		limiter.fail('k');
		expect(limiter.retryAfter('k')).toBe(1);
	});
});

describe('addressKey', () => {
	it('counts an IPv4 address whole, also when IPv4-mapped', () => {
		expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
		expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
	});

	it('counts an IPv6 address by its /64, however it is written', () => {
		const key = addressKey('2001:db8:12:34::1');
		expect(key).toBe('2001:db8:12:34::/64');
		expect(addressKey('2001:0db8:0012:0034:ffff:1:2:3')).toBe(key);
		expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
		expect(addressKey('::1')).toBe('0:0:0:0::/64');
		expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
	});
});
