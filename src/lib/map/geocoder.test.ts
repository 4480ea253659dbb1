import { describe, expect, it } from 'vitest';
import { geocodeAddress } from './geocoder.ts';

const address = { street: 'Markt 3', postalCode: '07318', city: 'Saalfeld/Saale' };
const answering = (status: number, body: unknown) => (async () => new Response(JSON.stringify(body), { status })) as unknown as typeof fetch;

describe('geocodeAddress', () => {
	it('asks with structured address fields and takes the first hit', async () => {
		let asked = '';
		const fetchFn = (async (url: string) => {
			asked = url;
			return new Response(JSON.stringify([{ lat: '50.6487', lon: '11.3668', display_name: 'Markt 3, Saalfeld' }]));
		}) as unknown as typeof fetch;
		expect(await geocodeAddress('https://geo.example/', address, fetchFn)).toEqual({ ok: true, point: { lat: 50.6487, lon: 11.3668 }, label: 'Markt 3, Saalfeld' });
		const url = new URL(asked);
		expect(url.pathname).toBe('/search');
		expect(url.searchParams.get('postalcode')).toBe('07318');
		expect(url.searchParams.get('street')).toBe('Markt 3');
	});
	it('says not found, unreachable or bad answer instead of guessing', async () => {
		expect(await geocodeAddress('https://g', address, answering(200, []))).toEqual({ ok: false, error: 'not-found' });
		expect(await geocodeAddress('https://g', address, answering(503, {}))).toEqual({ ok: false, error: 'unreachable' });
		expect(await geocodeAddress('https://g', address, answering(200, { error: 'x' }))).toEqual({ ok: false, error: 'bad-answer' });
		expect(await geocodeAddress('https://g', address, answering(200, [{ lat: 'north', lon: '11' }]))).toEqual({ ok: false, error: 'bad-answer' });
		const failing = (async () => {
			throw new TypeError('Failed to fetch');
		}) as unknown as typeof fetch;
		expect(await geocodeAddress('https://g', address, failing)).toEqual({ ok: false, error: 'unreachable' });
	});
});
