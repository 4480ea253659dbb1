import { describe, expect, it } from 'vitest';
import { navigationLinks } from './navigation-links.ts';

describe('navigationLinks', () => {
	it('builds a geo: URI with a label, and OsmAnd and Google Maps links to the same point', () => {
		const links = navigationLinks({ lat: 50.64871, lon: 11.3668 }, 'Markt 3, Saalfeld');
		expect(links.geo).toBe('geo:50.648710,11.366800?q=50.648710,11.366800(Markt%203%2C%20Saalfeld)');
		expect(links.osmand).toContain('pin=50.648710,11.366800');
		expect(new URL(links.googleMaps).searchParams.get('destination')).toBe('50.648710,11.366800');
	});
	it('leaves the label out when there is none', () => {
		expect(navigationLinks({ lat: -1.5, lon: 2 }).geo).toBe('geo:-1.500000,2.000000?q=-1.500000,2.000000');
	});
});
