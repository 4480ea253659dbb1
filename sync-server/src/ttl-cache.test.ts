import { describe, expect, it } from 'vitest';
import { TtlCache } from './ttl-cache.ts';

describe('TtlCache', () => {
	it('loads once within the TTL, again after it, and at once after delete', async () => {
		let now = 0;
		let loads = 0;
		const cache = new TtlCache<number>(1000, 10, () => now);
		const load = async () => ++loads;
		expect(await cache.get('k', load)).toBe(1);
		expect(await cache.get('k', load)).toBe(1);
		now = 1001;
		expect(await cache.get('k', load)).toBe(2);
		cache.delete('k');
		expect(await cache.get('k', load)).toBe(3);
	});
});
