// Iterated local search for the TSP (Lourenço, Martin & Stützle, "Iterated Local Search", 2003): 2-opt and
// Or-opt (Or 1976) over K-nearest-neighbour lists with don't-look bits (Bentley 1992), kicked by a local
// double bridge (Martin, Otto & Felten 1991), keeping a kicked tour when it is no longer than before.
//
// Asymmetric matrices are searched, not approximated: a 2-opt move reverses a path, and its cost change
// includes the reversed path's real cost (prefix sums of the tour's forward and backward edge costs);
// Or-opt evaluates both orientations of the moved segment, and the double bridge reverses nothing.
import { mulberry32 } from '../domain/prng.ts';
import { checkEnds, exactTsp, isRoundTrip, tourLength, tourWeights, type TourEnds, type TspTour } from './exact-tsp.ts';
import type { TravelMatrix } from './problem.ts';
import { LocalSearch } from './tsp-local-search.ts';

export type { TourEnds, TourWeight, TspTour } from './exact-tsp.ts';

const DEFAULT_TIME_LIMIT_MS = 1000;
/** Stop early after this many kicks per location without a shorter tour: the search has converged. */
const STALL_KICKS_PER_LOCATION = 100;
const MIN_STALL_KICKS = 2000;
/** Up to three locations every order is tried outright. */
const LARGEST_TRIVIAL = 3;
/** Cost changes below this fraction of the largest entry are rounding noise, not improvements. */
const RELATIVE_EPSILON = 1e-9;

export interface TspOptions extends TourEnds {
	seed?: number;
	/** Wall-clock budget (default 1 s). A run it cuts short depends on machine speed. */
	timeLimitMs?: number;
	/** Kicks at most; with a seed, a run ended by this (or by stalling) is the same on every machine. */
	maxIterations?: number;
	/** Kicks without improvement before stopping (default 100 per location, at least 2000). */
	stallIterations?: number;
	/** Monotonic clock in ms (default performance.now). */
	clock?: () => number;
}

/** Shortest closed tour, round trip or open path (see TourEnds) found within the limits. */
export function solveTsp(matrix: TravelMatrix, options: TspOptions = {}): TspTour {
	const n = matrix.size;
	checkEnds(n, options);
	if (n <= LARGEST_TRIVIAL) return exactTsp(matrix, options);
	const weights = tourWeights(matrix, options.weight);
	const roundTrip = isRoundTrip(options);
	const closed = closedProblem(weights, n, options);
	const search = new LocalSearch(closed.size, closed.cost, closed.symmetric, RELATIVE_EPSILON * Math.max(closed.largest, 1));
	const random = mulberry32(options.seed ?? 1);
	const clock = options.clock ?? (() => performance.now());
	const started = clock();
	const timeLimit = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
	const maxIterations = options.maxIterations ?? Infinity;
	const stallLimit = options.stallIterations ?? Math.max(MIN_STALL_KICKS, STALL_KICKS_PER_LOCATION * closed.size);

	search.load(nearestNeighbourTour(closed.size, closed.cost, closed.forced?.from ?? 0));
	search.queueAll();
	search.improve();
	let length = search.length();
	const saved = new Int32Array(closed.size);
	for (let iteration = 0, stalled = 0; iteration < maxIterations && stalled < stallLimit; iteration++) {
		if (clock() - started >= timeLimit) break;
		saved.set(search.tour);
		search.kick(random);
		search.improve();
		const kicked = search.length();
		stalled = kicked < length - search.epsilon ? 0 : stalled + 1;
		if (kicked <= length + search.epsilon) length = kicked;
		else search.load(saved);
	}
	const tour = openTour(search.tour, n, closed.forced, roundTrip ? (options.start ?? 0) : 0);
	return { tour, length: tourLength(weights, n, tour, roundTrip) };
}

interface ClosedProblem {
	size: number;
	cost: Float64Array;
	symmetric: boolean;
	/** Largest |entry| of the caller's matrix: the scale of rounding noise. */
	largest: number;
	/** An edge every tour must use, priced so low that no tour without it can be shorter. */
	forced?: { from: number; to: number };
}

/** An open path is a closed tour through a forced edge end→start; a missing end is a dummy location at no distance. */
function closedProblem(weights: Float64Array, n: number, ends: TourEnds): ClosedProblem {
	let symmetric = true;
	let largest = 0;
	for (let i = 0; i < n; i++) {
		for (let j = 0; j < n; j++) {
			if (weights[i * n + j] !== weights[j * n + i]) symmetric = false;
			largest = Math.max(largest, Math.abs(weights[i * n + j]));
		}
	}
	if (isRoundTrip(ends)) return { size: n, cost: weights, symmetric, largest };
	const dummy = ends.start === undefined || ends.end === undefined;
	const size = dummy ? n + 1 : n;
	const cost = new Float64Array(size * size);
	for (let i = 0; i < n; i++) cost.set(weights.subarray(i * n, i * n + n), i * size);
	const forced = { from: ends.end ?? n, to: ends.start ?? n };
	const bonus = 2 * size * largest + 1;
	cost[forced.from * size + forced.to] = -bonus;
	if (symmetric) cost[forced.to * size + forced.from] = -bonus;
	return { size, cost, symmetric, largest, forced };
}

function nearestNeighbourTour(size: number, cost: Float64Array, first: number): Int32Array {
	const tour = new Int32Array(size);
	const visited = new Uint8Array(size);
	tour[0] = first;
	visited[first] = 1;
	for (let step = 1; step < size; step++) {
		const row = tour[step - 1] * size;
		let next = -1;
		for (let j = 0; j < size; j++) if (!visited[j] && (next < 0 || cost[row + j] < cost[row + next])) next = j;
		tour[step] = next;
		visited[next] = 1;
	}
	return tour;
}

/** The caller's view: a round trip rotated to begin at `first`, a path read from start to end without the dummy. */
function openTour(cycle: Int32Array, n: number, forced: ClosedProblem['forced'], first: number): number[] {
	const size = cycle.length;
	const position = new Int32Array(size);
	cycle.forEach((location, index) => (position[location] = index));
	let from = position[forced ? forced.to : first];
	// Read away from the forced edge; on an asymmetric tour it always runs from → to, so this reads forwards.
	const step = forced && cycle[(from + 1) % size] === forced.from ? size - 1 : 1;
	const tour: number[] = [];
	for (let k = 0; k < size; k++, from = (from + step) % size) if (cycle[from] < n) tour.push(cycle[from]);
	return tour;
}
