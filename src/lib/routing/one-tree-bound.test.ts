import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../domain/prng.ts';
import { euclideanMatrix } from './euclidean.ts';
import { exactTsp, MAX_EXACT_LOCATIONS, tourLength } from './exact-tsp.ts';
import { heldKarpBound } from './one-tree-bound.ts';
import type { TravelMatrix } from './problem.ts';
import { parseTsplib, tsplibMatrix } from './tsplib.ts';

/** Summation order differs between the bound and the tour; equal lengths may differ in the last bits. */
const ROUNDING = 1e-9;

function randomPoints(random: () => number, size: number) {
	return Array.from({ length: size }, () => ({ x: random() * 100, y: random() * 100 }));
}

function fixture(name: string): TravelMatrix {
	const parsed = parseTsplib(readFileSync(new URL(`../../../tests/fixtures/routing/${name}.tsp`, import.meta.url), 'utf8'));
	if (!parsed.ok) throw parsed.error;
	return tsplibMatrix(parsed.instance);
}

describe('heldKarpBound', () => {
	it('never exceeds the optimum of random instances of 3–12 locations (symmetric and asymmetric)', () => {
		const random = mulberry32(31);
		for (let trial = 0; trial < 40; trial++) {
			const size = 3 + (trial % 10);
			const matrix = euclideanMatrix(randomPoints(random, size), 'none');
			if (trial % 2) for (let i = 0; i < matrix.distance.length; i++) matrix.distance[i] *= 1 + random();
			const optimum = exactTsp(matrix).length;
			const bound = heldKarpBound(matrix);
			expect(bound).toBeLessThanOrEqual(optimum * (1 + ROUNDING));
			expect(bound).toBeGreaterThan(0.5 * optimum);
		}
	});

	it('is tight for points in convex position (on a circle): the optimal tour is a 1-tree', () => {
		const random = mulberry32(32);
		for (let trial = 0; trial < 12; trial++) {
			const size = 5 + 5 * trial;
			const angles = Array.from({ length: size }, () => random() * 2 * Math.PI).sort((a, b) => a - b);
			const points = angles.map((angle) => ({ x: 50 * Math.cos(angle), y: 50 * Math.sin(angle) }));
			const matrix = euclideanMatrix(points, 'none');
			// In convex position the optimal tour is the hull order, here the order of the angles.
			const hull = Array.from({ length: size }, (_, i) => i);
			const optimum = tourLength(matrix.distance, size, hull, true);
			if (size <= MAX_EXACT_LOCATIONS) expect(exactTsp(matrix).length).toBeCloseTo(optimum, 9);
			expect(heldKarpBound(matrix)).toBeCloseTo(optimum, 6);
		}
	});

	it('equals the perimeter of a regular polygon at once', () => {
		const size = 40;
		const points = Array.from({ length: size }, (_, k) => ({ x: Math.cos((2 * Math.PI * k) / size), y: Math.sin((2 * Math.PI * k) / size) }));
		expect(heldKarpBound(euclideanMatrix(points, 'none'), { iterations: 0 })).toBeCloseTo(2 * size * Math.sin(Math.PI / size), 9);
	});

	it('comes within 2 % below the known optima of eil51 (426) and kroA100 (21282), not above', () => {
		for (const [name, optimum] of [
			['eil51', 426],
			['kroA100', 21282]
		] as const) {
			const bound = heldKarpBound(fixture(name));
			expect(bound).toBeLessThan(optimum);
			expect(bound).toBeGreaterThan(0.98 * optimum);
		}
	});

	it('rises with the subgradient ascent above the plain 1-tree', () => {
		const matrix = fixture('eil51');
		expect(heldKarpBound(matrix)).toBeGreaterThan(heldKarpBound(matrix, { iterations: 0 }) + 1);
	});

	it('measures the only tours of two locations or fewer', () => {
		const two = new Float64Array([0, 3, 5, 0]);
		expect(heldKarpBound({ size: 2, time: two, distance: two })).toBe(8);
		expect(heldKarpBound({ size: 1, time: new Float64Array(1), distance: new Float64Array(1) })).toBe(0);
	});
});
