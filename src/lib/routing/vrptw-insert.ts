// Cheapest insertion of a stop (or a block of consecutive stops) into any tour, with "blinks" that skip
// positions at random (Christiaens & Vanden Berghe 2020, SISR, Transportation Science 54(2)); feasibility
// in O(block) per position from forward start times and backward latest starts (Savelsbergh 1992, ORSA JoC 4(2)).
import { TIME_EPSILON, tourLateness } from './feasibility.ts';
import { DEFAULT_PRIORITY, type Model, type Plan } from './vrptw-model.ts';

/** Improvements smaller than this are rounding noise. */
export const COST_EPSILON = 1e-6;

export interface Insertion {
	vehicle: number;
	pos: number;
	delta: number;
}

export interface InsertOptions {
	/** May a block open an unused vehicle? */
	allowEmpty: boolean;
	/** Probability of skipping a position (0 in local search). */
	blink: number;
	random: () => number;
}

let scratch = new Int32Array(64);
/** `route` with `block` inserted before position `pos`, in a shared buffer. */
export function withBlock(route: readonly number[], block: readonly number[], pos: number): Int32Array {
	const len = route.length + block.length;
	if (scratch.length < len) scratch = new Int32Array(len * 2);
	let k = 0;
	for (let a = 0; a < pos; a++) scratch[k++] = route[a];
	for (const i of block) scratch[k++] = i;
	for (let a = pos; a < route.length; a++) scratch[k++] = route[a];
	return scratch;
}

function blockFits(model: Model, plan: Plan, block: readonly number[], v: number): boolean {
	let load = plan.load[v];
	for (const i of block) {
		if (!model.allowed[i * model.m + v]) return false;
		load += model.demand[i];
	}
	return load <= model.capacity[v] + TIME_EPSILON;
}

/** The cheapest feasible insertion of `block` (kept in order), or null. */
export function bestBlockInsertion(plan: Plan, block: readonly number[], options: InsertOptions): Insertion | null {
	const { model } = plan;
	const { problem, size, dist, time, loc } = model;
	const triedEmptyClass = new Set<number>();
	let best: Insertion | null = null;
	let inner = 0;
	for (let k = 1; k < block.length; k++) inner += dist[loc[block[k - 1]] * size + loc[block[k]]];
	const first = loc[block[0]];
	const last = loc[block[block.length - 1]];
	for (let v = 0; v < model.m; v++) {
		const route = plan.routes[v];
		const len = route.length;
		if (len === 0) {
			if (!options.allowEmpty || triedEmptyClass.has(model.vehicleClass[v])) continue;
			triedEmptyClass.add(model.vehicleClass[v]);
		}
		if (!blockFits(model, plan, block, v)) continue;
		const vehicle = problem.vehicles[v];
		const start = plan.start[v];
		const latest = plan.latest[v];
		for (let pos = 0; pos <= len; pos++) {
			if (options.blink > 0 && options.random() < options.blink) continue;
			const p = pos === 0 ? vehicle.startLocation : loc[route[pos - 1]];
			const q = pos === len ? vehicle.endLocation : loc[route[pos]];
			let delta = dist[p * size + first] + inner + dist[last * size + q];
			delta += len === 0 ? model.vehicleCost : -dist[p * size + q];
			if (model.slackMode) {
				if (best && delta >= best.delta) continue;
				let t = pos === 0 ? vehicle.shiftStart : start[pos - 1] + model.service[route[pos - 1]];
				// Departures only grow along a tour: once past the first stop's window, every later position is too.
				if (t > model.due[block[0]] + TIME_EPSILON) break;
				let from = p;
				let ok = true;
				for (const i of block) {
					const arrival = t + time[from * size + loc[i]];
					if (arrival > model.due[i] + TIME_EPSILON) {
						ok = false;
						break;
					}
					t = Math.max(arrival, model.ready[i]) + model.service[i];
					from = loc[i];
				}
				if (!ok) continue;
				const arrival = t + time[from * size + q];
				const startNext = pos === len ? arrival : Math.max(arrival, model.ready[route[pos]]);
				if (startNext > latest[pos] + TIME_EPSILON) continue;
			} else {
				const before = model.latenessWeight * plan.lateness[v];
				if (best && delta - before >= best.delta) continue;
				const lateness = tourLateness(problem, vehicle, withBlock(route, block, pos), len + block.length);
				if (lateness === Infinity) continue;
				delta += model.latenessWeight * lateness - before;
			}
			if (!best || delta < best.delta) best = { vehicle: v, pos, delta };
		}
	}
	return best;
}

export function insertBlock(plan: Plan, block: readonly number[], at: Insertion): void {
	plan.routes[at.vehicle].splice(at.pos, 0, ...block);
	plan.refresh(at.vehicle);
}

/** Greedy insertion of `stops` in the given order; the ones that fit nowhere stay out. */
export function recreate(plan: Plan, stops: readonly number[], options: InsertOptions): void {
	for (const i of stops) {
		const at = bestBlockInsertion(plan, [i], options);
		if (at) insertBlock(plan, [i], at);
	}
}

/** Sort weights of SISR's recreate orders: random, by demand, far from the depot first, close first. */
const ORDER_WEIGHTS = [4, 4, 2, 1];

/**
 * Orders removed stops for recreate: the most important first, then those left out most often so far
 * (`absence`, as SISR's fleet minimisation counts them), then one of SISR's orders drawn at random.
 */
export function recreateOrder(model: Model, stops: number[], random: () => number, absence?: Float64Array): number[] {
	const priority = (i: number) => model.problem.stops[i].priority ?? DEFAULT_PRIORITY;
	const home = model.problem.vehicles[0]?.startLocation ?? 0;
	const far = (i: number) => model.dist[home * model.size + model.loc[i]];
	const total = ORDER_WEIGHTS.reduce((a, b) => a + b, 0);
	let pick = random() * total;
	let mode = 0;
	while (mode < ORDER_WEIGHTS.length - 1 && pick >= ORDER_WEIGHTS[mode]) pick -= ORDER_WEIGHTS[mode++];
	const keyed = stops.map((i) => ({ i, r: random() }));
	const second = (i: number, r: number): number => {
		switch (mode) {
			case 1:
				return -model.demand[i];
			case 2:
				return -far(i);
			case 3:
				return far(i);
			default:
				return r;
		}
	};
	const left = (i: number) => absence?.[i] ?? 0;
	keyed.sort((a, b) => priority(a.i) - priority(b.i) || left(b.i) - left(a.i) || second(a.i, a.r) - second(b.i, b.r) || a.r - b.r);
	return keyed.map((k) => k.i);
}
