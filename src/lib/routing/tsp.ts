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

export type { TourEnds, TourWeight, TspTour } from './exact-tsp.ts';

/** Candidate partners per location; 8–10 find nearly every improving move on Euclidean instances (Johnson & McGeoch 1997). */
const NEIGHBOURS = 10;
/** Or-opt moves segments of one to three locations (Or 1976). */
const MAX_OR_SEGMENT = 3;
/** Longest segment the double bridge swaps: local kicks keep the repair cheap. */
const MAX_KICK_SEGMENT = 30;
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

/** 2-opt and Or-opt to a local optimum, starting from the locations queued (don't-look bits off). */
class LocalSearch {
	readonly tour: Int32Array;
	readonly epsilon: number;
	private readonly position: Int32Array;
	private readonly neighbours: Int32Array;
	private readonly k: number;
	private readonly queue: Int32Array;
	private readonly queued: Uint8Array;
	private head = 0;
	private count = 0;
	/** Prefix sums of the tour's edge costs read forwards and backwards (asymmetric only). */
	private readonly forward: Float64Array;
	private readonly backward: Float64Array;
	private readonly scratch: Int32Array;
	private readonly size: number;
	private readonly cost: Float64Array;
	private readonly symmetric: boolean;

	constructor(size: number, cost: Float64Array, symmetric: boolean, epsilon: number) {
		this.epsilon = epsilon;
		this.size = size;
		this.cost = cost;
		this.symmetric = symmetric;
		this.tour = new Int32Array(size);
		this.position = new Int32Array(size);
		this.queue = new Int32Array(size);
		this.queued = new Uint8Array(size);
		this.scratch = new Int32Array(size);
		this.forward = new Float64Array(symmetric ? 0 : size + 1);
		this.backward = new Float64Array(symmetric ? 0 : size + 1);
		this.k = Math.min(NEIGHBOURS, size - 1);
		this.neighbours = new Int32Array(size * this.k);
		for (let i = 0; i < size; i++) {
			const others = Array.from({ length: size }, (_, j) => j).filter((j) => j !== i);
			const near = (j: number) => cost[i * size + j] + cost[j * size + i];
			others.sort((a, b) => near(a) - near(b));
			for (let r = 0; r < this.k; r++) this.neighbours[i * this.k + r] = others[r];
		}
	}

	load(tour: Int32Array): void {
		this.tour.set(tour);
		this.reindex();
	}

	queueAll(): void {
		for (let i = 0; i < this.size; i++) this.push(this.tour[i]);
	}

	length(): number {
		let total = 0;
		for (let i = 0; i < this.size; i++) total += this.d(this.tour[i], this.tour[(i + 1) % this.size]);
		return total;
	}

	improve(): void {
		for (;;) {
			while (this.count > 0) {
				const a = this.queue[this.head];
				this.head = (this.head + 1) % this.size;
				this.count--;
				this.queued[a] = 0;
				if (this.twoOpt(a) || this.orOpt(a)) this.push(a);
			}
			// On an asymmetric matrix the same cycle read backwards may be shorter, which no single move finds.
			if (this.symmetric || this.backward[this.size] >= this.forward[this.size] - this.epsilon) return;
			this.tour.reverse();
			this.reindex();
			this.queueAll();
		}
	}

	/** Swaps two adjacent segments (a double bridge whose fourth segment is the rest of the tour). */
	kick(random: () => number): void {
		const m = this.size;
		const longest = Math.max(1, Math.min(MAX_KICK_SEGMENT, Math.floor((m - 1) / 2)));
		const first = Math.floor(random() * m);
		const lengthB = 1 + Math.floor(random() * longest);
		const lengthC = 1 + Math.floor(random() * longest);
		const at = (offset: number) => this.tour[(first + offset) % m];
		let w = 0;
		this.scratch[w++] = at(0);
		for (let i = 0; i < lengthC; i++) this.scratch[w++] = at(1 + lengthB + i);
		for (let i = 0; i < lengthB; i++) this.scratch[w++] = at(1 + i);
		for (let i = 1 + lengthB + lengthC; i < m; i++) this.scratch[w++] = at(i);
		for (const offset of [0, 1, lengthB, lengthB + 1, lengthB + lengthC, lengthB + lengthC + 1]) this.push(at(offset));
		this.tour.set(this.scratch);
		this.reindex();
	}

	private d(from: number, to: number): number {
		return this.cost[from * this.size + to];
	}
	private next(x: number): number {
		return this.tour[(this.position[x] + 1) % this.size];
	}
	private prev(x: number): number {
		return this.tour[(this.position[x] + this.size - 1) % this.size];
	}
	private push(x: number): void {
		if (this.queued[x]) return;
		this.queued[x] = 1;
		this.queue[(this.head + this.count) % this.size] = x;
		this.count++;
	}

	private reindex(): void {
		const m = this.size;
		for (let i = 0; i < m; i++) this.position[this.tour[i]] = i;
		if (this.symmetric) return;
		for (let i = 0; i < m; i++) {
			const a = this.tour[i];
			const b = this.tour[(i + 1) % m];
			this.forward[i + 1] = this.forward[i] + this.d(a, b);
			this.backward[i + 1] = this.backward[i] + this.d(b, a);
		}
	}

	/** Cost change of reading the path from `a` forwards to `b` the other way round (0 when symmetric). */
	private reversalChange(a: number, b: number): number {
		if (this.symmetric) return 0;
		const i = this.position[a];
		const j = this.position[b];
		const f = this.forward;
		const r = this.backward;
		return j >= i ? r[j] - r[i] - (f[j] - f[i]) : r[this.size] - r[i] + r[j] - (f[this.size] - f[i] + f[j]);
	}

	/** Replaces edges a–b and c–d by a–c and b–d, in both tour directions from `a`. */
	private twoOpt(a: number): boolean {
		for (const forwards of [true, false]) {
			const b = forwards ? this.next(a) : this.prev(a);
			const removedAB = forwards ? this.d(a, b) : this.d(b, a);
			for (let r = 0; r < this.k; r++) {
				const c = this.neighbours[a * this.k + r];
				const addedAC = forwards ? this.d(a, c) : this.d(c, a);
				if (this.symmetric && addedAC >= removedAB) break;
				const d = forwards ? this.next(c) : this.prev(c);
				if (c === b || d === a) continue;
				// Forwards: a→b…c→d becomes a→c…b→d (b…c reversed); backwards: d→c…b→a becomes d→b…c→a.
				const delta = forwards
					? addedAC + this.d(b, d) - removedAB - this.d(c, d) + this.reversalChange(b, c)
					: addedAC + this.d(d, b) - removedAB - this.d(d, c) + this.reversalChange(c, b);
				if (delta >= -this.epsilon) continue;
				if (forwards) this.reverse(this.position[b], this.position[c]);
				else this.reverse(this.position[c], this.position[b]);
				for (const x of [b, c, d]) this.push(x);
				return true;
			}
		}
		return false;
	}

	/** Moves a segment of 1–3 locations containing `a` next to a neighbour of its first or last location. */
	private orOpt(a: number): boolean {
		const m = this.size;
		for (let length = 1; length <= Math.min(MAX_OR_SEGMENT, m - 3); length++) {
			for (let offset = 0; offset < length; offset++) {
				const first = (this.position[a] - offset + m) % m;
				const s = this.tour[first];
				const e = this.tour[(first + length - 1) % m];
				const p = this.prev(s);
				const n = this.next(e);
				const removed = this.d(p, s) + this.d(e, n) - this.d(p, n);
				let turned = 0;
				for (let i = 0; i < length - 1 && !this.symmetric; i++) {
					const [x, y] = [this.tour[(first + i) % m], this.tour[(first + i + 1) % m]];
					turned += this.d(y, x) - this.d(x, y);
				}
				for (let side = 0; side < (length === 1 ? 1 : 2); side++) {
					const end = side === 0 ? s : e;
					for (let r = 0; r < this.k; r++) {
						const x = this.neighbours[end * this.k + r];
						// Gain criterion (Lin & Kernighan 1973): the new edge at `end` must be shorter than what removal saves.
						if (this.symmetric && this.d(x, end) >= removed) break;
						if ((this.position[x] - first + m) % m < length) continue;
						// Insert between x and its successor (the segment reads from `end` after x), or its predecessor and x.
						for (let after = 0; after < 2; after++) {
							const c = after ? x : this.prev(x);
							const d = after ? this.next(x) : x;
							if (c === e || d === s) continue;
							const reversed = (end === s) !== (after === 1);
							const [head, tail] = reversed ? [e, s] : [s, e];
							const added = this.d(c, head) + this.d(tail, d) - this.d(c, d) + (reversed ? turned : 0);
							if (added - removed >= -this.epsilon) continue;
							this.moveSegment(first, length, c, reversed);
							for (const y of [p, n, s, e, c, d]) this.push(y);
							return true;
						}
					}
				}
			}
		}
		return false;
	}

	/** Reverses the tour between positions i and j (inclusive, reading forwards, possibly wrapping). */
	private reverse(i: number, j: number): void {
		const m = this.size;
		let length = ((j - i + m) % m) + 1;
		if (this.symmetric && 2 * length > m) [i, j, length] = [(j + 1) % m, (i + m - 1) % m, m - length];
		for (let k = 0; k < length >> 1; k++) {
			const x = (i + k) % m;
			const y = (j - k + m) % m;
			const swap = this.tour[x];
			this.tour[x] = this.tour[y];
			this.tour[y] = swap;
		}
		this.reindex();
	}

	/** Moves the segment of `length` locations at position `first` to between c and its successor. */
	private moveSegment(first: number, length: number, c: number, reversed: boolean): void {
		const m = this.size;
		let w = 0;
		for (let i = length; i < m; i++) {
			const x = this.tour[(first + i) % m];
			this.scratch[w++] = x;
			if (x !== c) continue;
			for (let k = 0; k < length; k++) this.scratch[w++] = this.tour[(first + (reversed ? length - 1 - k : k)) % m];
		}
		this.tour.set(this.scratch);
		this.reindex();
	}
}
