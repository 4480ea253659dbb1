import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SolomonError, parseSolomon, runSolomon, type SolomonInstance, type SolomonResult } from './solomon.ts';

const FIXTURES = new URL('../../../tests/fixtures/routing/solomon/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(`${name}.txt`, FIXTURES), 'utf8');

/** Re-checks a result from the instance alone: coverage, capacity, windows, horizon, distance. */
function verify(instance: SolomonInstance, result: SolomonResult): void {
	const byNumber = new Map(instance.customers.map((c) => [c.number, c]));
	const served = result.routes.flat().sort((a, b) => a - b);
	expect(served).toEqual(instance.customers.map((c) => c.number));
	expect(result.routes.length).toBe(result.vehicles);
	expect(result.vehicles).toBeLessThanOrEqual(instance.vehicles);
	let total = 0;
	for (const route of result.routes) {
		let at = instance.depot;
		let t = instance.depot.ready;
		let load = 0;
		for (const number of route) {
			const c = byNumber.get(number);
			if (!c) throw new Error(`unknown customer ${number}`);
			const leg = Math.hypot(c.x - at.x, c.y - at.y);
			total += leg;
			t = Math.max(t + leg, c.ready);
			expect(t, `customer ${number} served after its due date`).toBeLessThanOrEqual(c.due + 1e-6);
			t += c.service;
			load += c.demand;
			at = c;
		}
		const back = Math.hypot(at.x - instance.depot.x, at.y - instance.depot.y);
		total += back;
		expect(t + back).toBeLessThanOrEqual(instance.depot.due + 1e-6);
		expect(load).toBeLessThanOrEqual(instance.capacity);
	}
	expect(result.distance).toBeCloseTo(total, 6);
}

describe('parseSolomon', () => {
	it('reads the fleet, the depot horizon and 100 customers', () => {
		const c101 = parseSolomon(fixture('C101'));
		expect(c101).toMatchObject({ name: 'C101', vehicles: 25, capacity: 200 });
		expect(c101.depot).toEqual({ number: 0, x: 40, y: 50, demand: 0, ready: 0, due: 1236, service: 0 });
		expect(c101.customers).toHaveLength(100);
		expect(c101.customers[0]).toEqual({ number: 1, x: 45, y: 68, demand: 10, ready: 912, due: 967, service: 90 });
		expect(parseSolomon(fixture('R201')).capacity).toBe(1000);
	});

	const good = fixture('R101').split('\n');
	const broken: [string, string, RegExp][] = [
		['an empty file', '', /empty file/],
		['a missing VEHICLE block', ['R101', '', 'CUSTOMER'].join('\n'), /line 3: expected VEHICLE/],
		['a non-numeric capacity', [...good.slice(0, 4), '  25   lots', ...good.slice(5)].join('\n'), /line 5: "lots" is not a number/],
		['a short customer row', [...good.slice(0, 10), '    1  41  49  10  161', ...good.slice(11)].join('\n'), /line 11: expected 7 numbers/],
		['customers out of sequence', [...good.slice(0, 11), ...good.slice(12)].join('\n'), /line 12: customer number 3 out of sequence, expected 2/],
		['a window due before ready', [...good.slice(0, 10), '    1  41  49  10  171  161  10', ...good.slice(11)].join('\n'), /line 11: customer 1 is due \(161\) before it is ready \(171\)/],
		['no customers', good.slice(0, 10).join('\n'), /needs the depot/]
	];
	for (const [what, text, message] of broken) {
		it(`rejects ${what} with a SolomonError`, () => {
			expect(() => parseSolomon(text)).toThrow(SolomonError);
			expect(() => parseSolomon(text)).toThrow(message);
		});
	}
});

describe('runSolomon', () => {
	// Iteration-bounded, so the same on every machine; the best-known results are from the SINTEF table.
	it('solves C101 feasibly at the best-known 10 vehicles within 1 % of 828.94', () => {
		const result = runSolomon(fixture('C101'), { seed: 1, maxIterations: 1500 });
		verify(parseSolomon(fixture('C101')), result);
		expect(result.vehicles).toBe(10);
		expect(result.distance).toBeLessThan(828.94 * 1.01);
	});

	it('solves R101 feasibly within one vehicle and 5 % of the best known 19 / 1650.80', () => {
		const result = runSolomon(fixture('R101'), { seed: 1, maxIterations: 1500 });
		verify(parseSolomon(fixture('R101')), result);
		expect(result.vehicles).toBeLessThanOrEqual(20);
		expect(result.distance).toBeLessThan(1650.8 * 1.05);
	});
});
