import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../domain/prng.ts';
import { euclideanMatrix } from './euclidean.ts';
import { exactTsp, MAX_EXACT_LOCATIONS, tourLength, type TourEnds } from './exact-tsp.ts';
import type { TravelMatrix } from './problem.ts';

function randomMatrix(random: () => number, size: number, asymmetric: boolean): TravelMatrix {
	const points = Array.from({ length: size }, () => ({ x: random() * 100, y: random() * 100 }));
	const { distance } = euclideanMatrix(points, 'none');
	if (asymmetric) for (let i = 0; i < distance.length; i++) distance[i] *= 1 + random();
	return { size, time: distance, distance };
}

function permutations(items: number[]): number[][] {
	if (items.length <= 1) return [items];
	return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/** Every order of the locations that honours the ends; the shortest is the optimum by definition. */
function bruteForce(matrix: TravelMatrix, ends: TourEnds): number {
	const roundTrip = ends.start === ends.end;
	const all = Array.from({ length: matrix.size }, (_, i) => i);
	let best = Infinity;
	for (const order of permutations(all)) {
		if (ends.start !== undefined && order[0] !== ends.start) continue;
		if (!roundTrip && ends.end !== undefined && order[order.length - 1] !== ends.end) continue;
		best = Math.min(best, tourLength(matrix.distance, matrix.size, order, roundTrip));
	}
	return best;
}

function endVariants(size: number): TourEnds[] {
	return [{}, { start: 0, end: size - 1 }, { start: size - 1 }, { end: 0 }, { start: 1 % size, end: 1 % size }];
}

describe('exactTsp', () => {
	it('equals brute force over every permutation, closed and open, symmetric and not', () => {
		const random = mulberry32(2024);
		for (let trial = 0; trial < 30; trial++) {
			const size = 2 + (trial % 6);
			const matrix = randomMatrix(random, size, trial % 2 === 1);
			for (const ends of endVariants(size)) {
				const { tour, length } = exactTsp(matrix, ends);
				expect(length).toBeCloseTo(bruteForce(matrix, ends), 9);
				expect([...tour].sort((a, b) => a - b)).toEqual(Array.from({ length: size }, (_, i) => i));
				expect(tourLength(matrix.distance, size, tour, ends.start === ends.end)).toBeCloseTo(length, 9);
				if (ends.start !== undefined) expect(tour[0]).toBe(ends.start);
				if (ends.end !== undefined && ends.end !== ends.start) expect(tour[size - 1]).toBe(ends.end);
			}
		}
	});

	it('answers the degenerate sizes', () => {
		expect(exactTsp({ size: 0, time: new Float64Array(0), distance: new Float64Array(0) })).toEqual({ tour: [], length: 0 });
		expect(exactTsp({ size: 1, time: new Float64Array(1), distance: new Float64Array(1) })).toEqual({ tour: [0], length: 0 });
		const two = new Float64Array([0, 3, 5, 0]);
		expect(exactTsp({ size: 2, time: two, distance: two })).toEqual({ tour: [0, 1], length: 8 });
		expect(exactTsp({ size: 2, time: two, distance: two }, { start: 1 })).toEqual({ tour: [1, 0], length: 5 });
	});

	it('measures in the matrix named by weight', () => {
		const time = new Float64Array([0, 10, 10, 0]);
		const distance = new Float64Array([0, 1, 1, 0]);
		expect(exactTsp({ size: 2, time, distance }, { weight: 'time' }).length).toBe(20);
		expect(exactTsp({ size: 2, time, distance }).length).toBe(2);
	});

	it('refuses more locations than it can enumerate, and ends outside the matrix', () => {
		const random = mulberry32(1);
		expect(() => exactTsp(randomMatrix(random, MAX_EXACT_LOCATIONS + 1, false))).toThrow(RangeError);
		expect(() => exactTsp(randomMatrix(random, 4, false), { start: 4 })).toThrow(/start 4/);
		expect(() => exactTsp(randomMatrix(random, 4, false), { end: 1.5 })).toThrow(RangeError);
	});
});
