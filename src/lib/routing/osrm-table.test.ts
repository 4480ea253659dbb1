import { describe, expect, it } from 'vitest';
import { fetchOsrmTable } from './osrm-table.ts';

const places = [
	{ lat: 50.6487, lon: 11.3668 },
	{ lat: 50.7197, lon: 11.3425 }
];
const answer = (body: unknown, status = 200) => (async () => new Response(JSON.stringify(body), { status })) as unknown as typeof fetch;

describe('fetchOsrmTable', () => {
	it('asks the table service in lon,lat order and turns seconds and metres into minutes and km', async () => {
		let asked = '';
		const fetchFn = (async (url: string) => {
			asked = url;
			return new Response(JSON.stringify({ code: 'Ok', durations: [[0, 720], [690, 0]], distances: [[0, 11200], [10900, 0]] }));
		}) as unknown as typeof fetch;
		const result = await fetchOsrmTable('http://osrm:5000/', places, fetchFn);
		expect(asked).toBe('http://osrm:5000/table/v1/driving/11.366800,50.648700;11.342500,50.719700?annotations=duration,distance');
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect([...result.matrix.time]).toEqual([0, 12, 11.5, 0]);
		expect([...result.matrix.distance]).toEqual([0, 11.2, 10.9, 0]);
	});
	it('refuses answers it cannot plan with, saying why', async () => {
		expect(await fetchOsrmTable('http://o', places, answer({ code: 'InvalidQuery', message: 'bad' }))).toEqual({ ok: false, error: 'routing service: InvalidQuery bad' });
		expect(await fetchOsrmTable('http://o', places, answer({ code: 'Ok', durations: [[0, null], [5, 0]] }))).toEqual({ ok: false, error: 'no route between places 0 and 1' });
		expect(await fetchOsrmTable('http://o', places, answer({}, 502))).toEqual({ ok: false, error: 'routing service answered HTTP 502' });
		expect(await fetchOsrmTable('http://o', [places[0]], answer({}))).toMatchObject({ ok: false });
		const offline = (async () => {
			throw new TypeError('Failed to fetch');
		}) as unknown as typeof fetch;
		expect(await fetchOsrmTable('http://o', places, offline)).toEqual({ ok: false, error: 'routing service not reachable: Failed to fetch' });
	});
});
