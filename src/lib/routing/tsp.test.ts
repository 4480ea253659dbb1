import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../domain/prng.ts';
import { euclideanMatrix } from './euclidean.ts';
import { exactTsp, tourLength, type TourEnds } from './exact-tsp.ts';
import type { TravelMatrix } from './problem.ts';
import { solveTsp } from './tsp.ts';

/** A bounded, seeded run: the answer cannot depend on the machine's speed. */
const BOUNDED = { maxIterations: 400, timeLimitMs: 60_000 } as const;

function randomPoints(random: () => number, size: number) {
	return Array.from({ length: size }, () => ({ x: random() * 1000, y: random() * 1000 }));
}

/** Euclidean, then stretched per direction and with a toll into location 0: no longer symmetric nor metric. */
function asymmetricMatrix(random: () => number, size: number): TravelMatrix {
	const { distance: base } = euclideanMatrix(randomPoints(random, size), 'none');
	const distance = new Float64Array(size * size);
	for (let i = 0; i < size; i++) {
		for (let j = 0; j < size; j++) if (i !== j) distance[i * size + j] = base[i * size + j] * (1 + random()) + (j === 0 ? 200 : 0);
	}
	return { size, time: distance, distance };
}

function endVariants(size: number, random: () => number): TourEnds[] {
	const pick = () => Math.floor(random() * size);
	const start = pick();
	const end = (start + 1 + Math.floor(random() * (size - 1))) % size;
	return [{}, { start, end }, { start }, { end }, { start, end: start }];
}

function expectValidTour(matrix: TravelMatrix, ends: TourEnds, result: { tour: number[]; length: number }) {
	const size = matrix.size;
	expect([...result.tour].sort((a, b) => a - b)).toEqual(Array.from({ length: size }, (_, i) => i));
	expect(result.length).toBeCloseTo(tourLength(matrix.distance, size, result.tour, ends.start === ends.end), 6);
	if (ends.start !== undefined) expect(result.tour[0]).toBe(ends.start);
	if (ends.end !== undefined && ends.end !== ends.start) expect(result.tour[size - 1]).toBe(ends.end);
}

describe('solveTsp', () => {
	it('finds the optimum of 120 random Euclidean instances of 4–12 stops, closed and open (against Held–Karp DP)', () => {
		const random = mulberry32(7);
		let compared = 0;
		for (let trial = 0; trial < 120; trial++) {
			const size = 4 + (trial % 9);
			const matrix = euclideanMatrix(randomPoints(random, size), 'none');
			const ends = endVariants(size, random)[trial % 5];
			const result = solveTsp(matrix, { ...ends, ...BOUNDED, seed: trial });
			expectValidTour(matrix, ends, result);
			expect(result.length).toBeCloseTo(exactTsp(matrix, ends).length, 6);
			compared++;
		}
		expect(compared).toBe(120);
	});

	it('finds the optimum of asymmetric, non-metric instances of 4–11 stops in every end variant', () => {
		const random = mulberry32(11);
		for (let trial = 0; trial < 40; trial++) {
			const size = 4 + (trial % 8);
			const matrix = asymmetricMatrix(random, size);
			for (const ends of endVariants(size, random)) {
				const result = solveTsp(matrix, { ...ends, ...BOUNDED, seed: trial });
				expectValidTour(matrix, ends, result);
				expect(result.length).toBeCloseTo(exactTsp(matrix, ends).length, 6);
			}
		}
	});

	it('answers one, two and three locations', () => {
		const one = euclideanMatrix([{ x: 1, y: 1 }], 'none');
		expect(solveTsp(one)).toEqual({ tour: [0], length: 0 });
		const two = euclideanMatrix([{ x: 0, y: 0 }, { x: 3, y: 4 }], 'none');
		expect(solveTsp(two)).toEqual({ tour: [0, 1], length: 10 });
		expect(solveTsp(two, { start: 1, end: 0 })).toEqual({ tour: [1, 0], length: 5 });
		const three = asymmetricMatrix(mulberry32(3), 3);
		for (const ends of endVariants(3, mulberry32(4))) {
			const result = solveTsp(three, ends);
			expectValidTour(three, ends, result);
			expect(result.length).toBeCloseTo(exactTsp(three, ends).length, 9);
		}
	});

	it('repeats its answer for a seed when maxIterations ends the run', () => {
		const matrix = euclideanMatrix(randomPoints(mulberry32(5), 60), 'none');
		const options = { seed: 9, maxIterations: 300, timeLimitMs: 60_000 };
		const first = solveTsp(matrix, options);
		expect(solveTsp(matrix, options)).toEqual(first);
		expectValidTour(matrix, {}, first);
	});

	it('stops when the injected clock passes the time limit', () => {
		const matrix = euclideanMatrix(randomPoints(mulberry32(6), 40), 'none');
		let now = 0;
		let reads = 0;
		const clock = () => {
			reads++;
			return (now += 10);
		};
		const result = solveTsp(matrix, { clock, timeLimitMs: 100, stallIterations: 1e9 });
		expectValidTour(matrix, {}, result);
		// One read at the start, one per kick: at most ten kicks fit in 100 "ms".
		expect(reads).toBeLessThanOrEqual(11);
	});

	it('improves on the nearest-neighbour tour by a wide margin on 100 random points', () => {
		const points = randomPoints(mulberry32(8), 100);
		const matrix = euclideanMatrix(points, 'none');
		const result = solveTsp(matrix, { seed: 1, maxIterations: 3000, timeLimitMs: 60_000 });
		expectValidTour(matrix, {}, result);
		// Beardwood–Halton–Hammersley: an optimal tour of n uniform points in a square of side L is ≈ 0.7124·√(n·A).
		const expected = 0.7124 * Math.sqrt(100 * 1000 * 1000);
		expect(result.length).toBeLessThan(expected * 1.1);
	});

	it('plans the nurse day from station to home in the time matrix when asked', () => {
		const points = randomPoints(mulberry32(12), 9);
		const { distance } = euclideanMatrix(points, 'none');
		const time = distance.map((d, i) => d * (1 + (i % 3)));
		const matrix = { size: 9, distance, time };
		const ends = { start: 0, end: 8, weight: 'time' as const };
		const result = solveTsp(matrix, { ...ends, ...BOUNDED });
		expect(result.length).toBeCloseTo(exactTsp(matrix, ends).length, 9);
		expect(result.length).toBeCloseTo(tourLength(time, 9, result.tour, false), 9);
	});
});
