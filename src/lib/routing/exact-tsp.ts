// Exact tours for small instances, and the meaning of a tour's ends that the heuristic in tsp.ts follows:
// this solver is the reference its tests compare against, so the shared vocabulary lives here.
import type { TravelMatrix } from './problem.ts';

/** 2^12 subsets × 12 ends × 12 successors ≈ 600k steps, milliseconds; one more location doubles it. */
export const MAX_EXACT_LOCATIONS = 13;

/** Which of the matrix's arrays a tour's length is measured in; `distance` is the objective (see problem.ts). */
export type TourWeight = 'distance' | 'time';

export interface TourEnds {
	/** First location. Alone: an open path from here that ends wherever is shortest. */
	start?: number;
	/** Last location. Alone: an open path that starts wherever is shortest. Equal to `start`: a round trip from there. */
	end?: number;
	weight?: TourWeight;
}

export interface TspTour {
	/** Every location once, in visiting order (a round trip returns from the last to the first). */
	tour: number[];
	length: number;
}

/** Neither end given (a closed tour) or both the same (a round trip from the station). */
export function isRoundTrip(ends: TourEnds): boolean {
	return ends.start === ends.end;
}

export function tourWeights(matrix: TravelMatrix, weight: TourWeight = 'distance'): Float64Array {
	return weight === 'time' ? matrix.time : matrix.distance;
}

/** Throws RangeError for an end that is not a location of the matrix: a caller's mistake, not an input's. */
export function checkEnds(size: number, ends: TourEnds): void {
	for (const [name, value] of [['start', ends.start], ['end', ends.end]] as const) {
		if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value < size)) {
			throw new RangeError(`${name} ${value} is not a location of a ${size}×${size} matrix`);
		}
	}
}

export function tourLength(weights: Float64Array, size: number, tour: readonly number[], roundTrip: boolean): number {
	let length = 0;
	for (let i = 1; i < tour.length; i++) length += weights[tour[i - 1] * size + tour[i]];
	if (roundTrip && tour.length > 0) length += weights[tour[tour.length - 1] * size + tour[0]];
	return length;
}

/** Held–Karp dynamic programme over subsets (Bellman 1962; Held & Karp 1962), O(2^n · n²) time and O(2^n · n) memory. */
export function exactTsp(matrix: TravelMatrix, ends: TourEnds = {}): TspTour {
	const size = matrix.size;
	if (size > MAX_EXACT_LOCATIONS) throw new RangeError(`exactTsp handles at most ${MAX_EXACT_LOCATIONS} locations, got ${size}`);
	checkEnds(size, ends);
	if (size === 0) return { tour: [], length: 0 };
	const weights = tourWeights(matrix, ends.weight);
	const roundTrip = isRoundTrip(ends);
	// The path leaves `origin` (a round trip also comes back to it); every other location is "free".
	const origin = roundTrip ? (ends.start ?? 0) : ends.start;
	const free: number[] = [];
	for (let location = 0; location < size; location++) if (location !== origin) free.push(location);
	const k = free.length;
	if (k === 0) return { tour: [origin ?? 0], length: tourLength(weights, size, [origin ?? 0], roundTrip) };

	const full = (1 << k) - 1;
	// best[mask * k + j]: shortest path from origin through exactly the free locations in mask, ending at free[j].
	const best = new Float64Array((full + 1) * k).fill(Infinity);
	const previous = new Int8Array((full + 1) * k).fill(-1);
	for (let j = 0; j < k; j++) best[(1 << j) * k + j] = origin === undefined ? 0 : weights[origin * size + free[j]];
	for (let mask = 1; mask <= full; mask++) {
		for (let j = 0; j < k; j++) {
			const here = best[mask * k + j];
			if (here === Infinity) continue;
			const row = free[j] * size;
			for (let next = 0; next < k; next++) {
				if (mask & (1 << next)) continue;
				const index = (mask | (1 << next)) * k + next;
				const length = here + weights[row + free[next]];
				if (length < best[index]) {
					best[index] = length;
					previous[index] = j;
				}
			}
		}
	}

	let last = -1;
	let length = Infinity;
	const endIndex = roundTrip || ends.end === undefined ? -1 : free.indexOf(ends.end);
	for (let j = 0; j < k; j++) {
		if (endIndex >= 0 && j !== endIndex) continue;
		const total = best[full * k + j] + (roundTrip ? weights[free[j] * size + (origin ?? 0)] : 0);
		if (total < length) {
			length = total;
			last = j;
		}
	}
	const reversed: number[] = [];
	for (let mask = full, j = last; j >= 0; ) {
		reversed.push(free[j]);
		const before = previous[mask * k + j];
		mask &= ~(1 << j);
		j = before;
	}
	const tour = origin === undefined ? reversed.reverse() : [origin, ...reversed.reverse()];
	return { tour, length };
}
