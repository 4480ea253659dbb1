import { describe, expect, it } from 'vitest';
import { readConfig } from './config.ts';

describe('readConfig', () => {
	it('has working defaults for npm start', () => {
		const config = readConfig({}, '/srv/fieldcare');
		expect(config).toMatchObject({ host: '127.0.0.1', port: 8080, dataDir: '/srv/fieldcare/data', demoData: true, couchdbUrl: undefined });
		expect(config.maxBodyBytes).toBe(20 * 1024 * 1024);
	});

	it('reads every variable and strips a trailing slash from COUCHDB_URL', () => {
		const config = readConfig(
			{ HOST: '0.0.0.0', PORT: '9000', DATA_DIR: '/var/lib/fc', COUCHDB_URL: 'http://a:b@couch:5984/', DEMO_DATA: 'no', MAX_BODY_MB: '5', SECURE_COOKIES: 'true' },
			'/x'
		);
		expect(config).toMatchObject({ host: '0.0.0.0', port: 9000, dataDir: '/var/lib/fc', couchdbUrl: 'http://a:b@couch:5984', demoData: false, secureCookies: true });
		expect(config.maxBodyBytes).toBe(5 * 1024 * 1024);
	});

	it('limits sign-ins per name and per address, and live feeds by lifetime and per user', () => {
		expect(readConfig({})).toMatchObject({
			loginMaxFailures: 5,
			loginMaxFailuresPerAddress: 20,
			loginWindowSeconds: 300,
			feedMaxLifetimeMs: 600_000,
			feedSessionCheckMs: 10_000,
			maxFeedsPerUser: 60
		});
		const config = readConfig({ LOGIN_MAX_FAILURES_PER_ADDRESS: '50', FEED_MAX_LIFETIME_SECONDS: '120', FEED_SESSION_CHECK_SECONDS: '5', MAX_FEEDS_PER_USER: '100' });
		expect(config).toMatchObject({ loginMaxFailuresPerAddress: 50, feedMaxLifetimeMs: 120_000, feedSessionCheckMs: 5000, maxFeedsPerUser: 100 });
		expect(() => readConfig({ MAX_FEEDS_PER_USER: '0' })).toThrow(/MAX_FEEDS_PER_USER/);
		expect(() => readConfig({ FEED_MAX_LIFETIME_SECONDS: '1' })).toThrow(/FEED_MAX_LIFETIME_SECONDS/);
		expect(readConfig({}).trustProxy).toBeUndefined();
		expect(readConfig({ TRUST_PROXY: ' 10.0.0.0/8, loopback ' }).trustProxy).toBe('10.0.0.0/8, loopback');
	});

	it('loads a generated year only when DEMO_YEAR asks for it, a year by default', () => {
		expect(readConfig({}).demoYear).toBeUndefined();
		expect(readConfig({ DEMO_YEAR: '1' }).demoYear).toEqual({ days: 365, seed: 2026 });
		expect(readConfig({ DEMO_YEAR: '1', DEMO_YEAR_DAYS: '30', DEMO_YEAR_SEED: '7' }).demoYear).toEqual({ days: 30, seed: 7 });
		expect(() => readConfig({ DEMO_YEAR: '1', DEMO_YEAR_DAYS: '0' })).toThrow(/DEMO_YEAR_DAYS/);
	});

	it('refuses values it cannot use, naming the variable', () => {
		expect(() => readConfig({ PORT: 'eighty' })).toThrow(/PORT/);
		expect(() => readConfig({ PORT: '70000' })).toThrow(/PORT/);
		expect(() => readConfig({ DEMO_DATA: 'maybe' })).toThrow(/DEMO_DATA/);
		expect(() => readConfig({ COUCHDB_URL: 'couch:5984' })).toThrow(/COUCHDB_URL/);
	});
});

describe('map services', () => {
	it('default to the public OSM tiles, with no routing or geocoding service', () => {
		expect(readConfig({}).services).toEqual({
			tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
			tileAttribution: expect.stringContaining('OpenStreetMap'),
			routingUrl: undefined,
			geocoderUrl: undefined
		});
	});
	it('take the operator’s servers', () => {
		const { services } = readConfig({ TILE_URL: 'https://tiles.example/{z}/{x}/{y}.png', ROUTING_URL: 'http://osrm:5000/', GEOCODER_URL: 'https://geo.example' });
		expect(services).toMatchObject({ tileUrl: 'https://tiles.example/{z}/{x}/{y}.png', routingUrl: 'http://osrm:5000', geocoderUrl: 'https://geo.example' });
	});
	it('refuse a tile template without {z}/{x}/{y} or a URL that is not http(s)', () => {
		expect(() => readConfig({ TILE_URL: 'https://tiles.example/tile.png' })).toThrow(/TILE_URL/);
		expect(() => readConfig({ ROUTING_URL: 'file:///etc/passwd' })).toThrow(/ROUTING_URL/);
	});
});
