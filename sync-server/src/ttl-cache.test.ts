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

describe('TtlCache invalidated during a load', () => {
	it('does not keep a value read before a delete (a sign-out racing a session lookup)', async () => {
		let loads = 0;
		let release: () => void = () => undefined;
		const cache = new TtlCache<string>(1000, 10, () => 0);
		const slow = cache.get('session', () => new Promise((resolve) => (release = () => resolve(`stale-${++loads}`))));
		cache.delete('session');
		release();
		expect(await slow).toBe('stale-1');
		expect(await cache.get('session', async () => 'fresh')).toBe('fresh');
	});
});
