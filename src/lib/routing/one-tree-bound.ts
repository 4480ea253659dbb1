// A lower bound on any closed tour's length, to judge a heuristic tour without knowing the optimum.
import { tourWeights, type TourWeight } from './exact-tsp.ts';
import type { TravelMatrix } from './problem.ts';

/** Cap on 1-tree computations (each O(n²)); the ascent usually ends earlier, when its step size has shrunk away. */
const DEFAULT_ITERATIONS = 3000;
/** Iterations per constant-step period at first, at least this many or n/2 (Helsgaun 2000 uses n/2 and 100). */
const MIN_INITIAL_PERIOD = 300;
/** The first step, as a fraction of the mean 1-tree edge; it doubles while the bound keeps rising. */
const INITIAL_STEP_FRACTION = 1e-3;
/** Steps below this fraction of the mean edge no longer move the bound. */
const FINAL_STEP_FRACTION = 1e-9;
/** Weight of the current subgradient against the previous one (Volgenant & Jonker 1982: 0.7 / 0.3). */
const CURRENT_WEIGHT = 0.7;

export interface BoundOptions {
	iterations?: number;
	weight?: TourWeight;
}

/**
 * Held–Karp 1-tree bound (Held & Karp 1970, 1971) by subgradient ascent, with the step schedule of LKH
 * (Helsgaun 2000, section 4.1). Asymmetric matrices are bounded through min(d(i,j), d(j,i)).
 */
export function heldKarpBound(matrix: TravelMatrix, options: BoundOptions = {}): number {
	const n = matrix.size;
	const weights = tourWeights(matrix, options.weight);
	if (n <= 2) {
		let length = 0;
		for (let i = 0; i < n; i++) length += weights[i * n + ((i + 1) % n)];
		return length;
	}
	const cost = new Float64Array(n * n);
	for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cost[i * n + j] = Math.min(weights[i * n + j], weights[j * n + i]);
	const tree = new OneTree(n, cost);
	const pi = new Float64Array(n);
	const lastDegree = new Int32Array(n);

	let bound = tree.compute(pi);
	let best = bound;
	const meanEdge = Math.abs(bound) / n || 1;
	let step = INITIAL_STEP_FRACTION * meanEdge;
	const initialPeriod = Math.max(Math.ceil(n / 2), MIN_INITIAL_PERIOD);
	let period = initialPeriod;
	let initialPhase = true;
	let remaining = options.iterations ?? DEFAULT_ITERATIONS;
	lastDegree.set(tree.degree);
	for (; step > FINAL_STEP_FRACTION * meanEdge && period > 0 && tree.norm > 0; period >>= 1, step /= 2) {
		for (let p = 1; p <= period && tree.norm > 0 && remaining > 0; p++, remaining--) {
			for (let i = 0; i < n; i++) {
				const v = tree.degree[i] - 2;
				pi[i] += step * (CURRENT_WEIGHT * v + (1 - CURRENT_WEIGHT) * (lastDegree[i] - 2));
			}
			lastDegree.set(tree.degree);
			bound = tree.compute(pi);
			if (bound > best) {
				best = bound;
				if (initialPhase) step *= 2;
				if (p === period) period = Math.min(2 * period, initialPeriod);
			} else if (initialPhase && p > period / 2) {
				initialPhase = false;
				p = 0;
				step *= 3 / 4;
			}
		}
		if (remaining <= 0) break;
	}
	return best;
}

/** Minimum 1-tree under penalties π: a spanning tree on 1…n−1 (Prim, O(n²)) plus the two cheapest edges at 0. */
class OneTree {
	readonly degree: Int32Array;
	/** Σ (degree − 2)²: zero when the 1-tree is a tour, and then the bound is that tour's length. */
	norm = 0;
	private readonly n: number;
	private readonly cost: Float64Array;
	private readonly key: Float64Array;
	private readonly parent: Int32Array;
	private readonly inTree: Uint8Array;

	constructor(n: number, cost: Float64Array) {
		this.n = n;
		this.cost = cost;
		this.degree = new Int32Array(n);
		this.key = new Float64Array(n);
		this.parent = new Int32Array(n);
		this.inTree = new Uint8Array(n);
	}

	/** w(π) = length of the minimum 1-tree under c(i,j) + π(i) + π(j), minus 2 Σ π. */
	compute(pi: Float64Array): number {
		const { n, cost, key, parent, inTree, degree } = this;
		degree.fill(0);
		inTree.fill(0);
		key.fill(Infinity);
		key[1] = 0;
		parent[1] = -1;
		let total = 0;
		for (let added = 1; added < n; added++) {
			let u = -1;
			for (let j = 1; j < n; j++) if (!inTree[j] && (u < 0 || key[j] < key[u])) u = j;
			inTree[u] = 1;
			if (parent[u] >= 0) {
				total += key[u];
				degree[u]++;
				degree[parent[u]]++;
			}
			for (let j = 1; j < n; j++) {
				if (inTree[j]) continue;
				const c = cost[u * n + j] + pi[u] + pi[j];
				if (c < key[j]) {
					key[j] = c;
					parent[j] = u;
				}
			}
		}
		let first = Infinity;
		let second = Infinity;
		let firstAt = -1;
		let secondAt = -1;
		for (let j = 1; j < n; j++) {
			const c = cost[j] + pi[0] + pi[j];
			if (c < first) {
				[second, secondAt, first, firstAt] = [first, firstAt, c, j];
			} else if (c < second) {
				[second, secondAt] = [c, j];
			}
		}
		total += first + second;
		degree[0] = 2;
		degree[firstAt]++;
		degree[secondAt]++;
		let piSum = 0;
		this.norm = 0;
		for (let i = 0; i < n; i++) {
			piSum += pi[i];
			this.norm += (degree[i] - 2) ** 2;
		}
		return total - 2 * piSum;
	}
}
