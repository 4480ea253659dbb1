// First-improvement local search with the classic VRPTW neighbourhoods — relocate and Or-opt
// (blocks of 1–3 stops, within and between tours), exchange, and 2-opt* (Potvin & Rousseau 1995, JORS 46(12)).
// Moves are screened by their distance change before any timetable is computed.
import { TIME_EPSILON, tourLateness } from './feasibility.ts';
import { COST_EPSILON, bestBlockInsertion, insertBlock } from './vrptw-insert.ts';
import type { Plan } from './vrptw-model.ts';

/** Longest block Or-opt moves. */
const MAX_BLOCK = 3;
/** Exchange partners tried per stop (its nearest stops). */
const EXCHANGE_NEIGHBOURS = 12;

function routeCost(plan: Plan, v: number): number {
	if (plan.routes[v].length === 0) return 0;
	return plan.distance[v] + plan.model.latenessWeight * plan.lateness[v] + plan.model.vehicleCost;
}

function relocateBlocks(plan: Plan, expired: () => boolean): boolean {
	const options = { allowEmpty: true, blink: 0, random: () => 1 };
	let improved = false;
	for (let length = 1; length <= MAX_BLOCK; length++) {
		for (let v = 0; v < plan.model.m; v++) {
			for (let k = 0; k + length <= plan.routes[v].length; k++) {
				if (expired()) return improved;
				const route = plan.routes[v];
				const before = routeCost(plan, v);
				const block = route.splice(k, length);
				for (const i of block) plan.routeOf[i] = -1;
				plan.refresh(v);
				const gain = before - routeCost(plan, v);
				const at = gain > COST_EPSILON ? bestBlockInsertion(plan, block, options) : null;
				if (at && at.delta < gain - COST_EPSILON) {
					insertBlock(plan, block, at);
					improved = true;
				} else {
					route.splice(k, 0, ...block);
					plan.refresh(v);
				}
			}
		}
	}
	return improved;
}

function exchange(plan: Plan, expired: () => boolean): boolean {
	const { model } = plan;
	const { dist, size, loc, m } = model;
	let improved = false;
	for (let i = 0; i < model.n; i++) {
		if (expired()) return improved;
		for (const j of model.neighbours[i].subarray(0, EXCHANGE_NEIGHBOURS)) {
			const v = plan.routeOf[i];
			const w = plan.routeOf[j];
			if (v < 0 || w < 0 || v === w) continue;
			if (!model.allowed[i * m + w] || !model.allowed[j * m + v]) continue;
			if (plan.load[v] - model.demand[i] + model.demand[j] > model.capacity[v] + TIME_EPSILON) continue;
			if (plan.load[w] - model.demand[j] + model.demand[i] > model.capacity[w] + TIME_EPSILON) continue;
			const a = plan.routes[v];
			const b = plan.routes[w];
			const pa = a.indexOf(i);
			const pb = b.indexOf(j);
			const swapDelta = (route: number[], pos: number, vehicle: number, out: number, into: number): number => {
				const spec = model.problem.vehicles[vehicle];
				const prev = pos === 0 ? spec.startLocation : loc[route[pos - 1]];
				const next = pos === route.length - 1 ? spec.endLocation : loc[route[pos + 1]];
				return dist[prev * size + loc[into]] + dist[loc[into] * size + next] - dist[prev * size + loc[out]] - dist[loc[out] * size + next];
			};
			const distDelta = swapDelta(a, pa, v, i, j) + swapDelta(b, pb, w, j, i);
			const lateBefore = model.latenessWeight * (plan.lateness[v] + plan.lateness[w]);
			if (distDelta - lateBefore >= -COST_EPSILON) continue;
			a[pa] = j;
			b[pb] = i;
			const lateA = tourLateness(model.problem, model.problem.vehicles[v], a, a.length);
			const lateB = lateA === Infinity ? Infinity : tourLateness(model.problem, model.problem.vehicles[w], b, b.length);
			if (distDelta + model.latenessWeight * (lateA + lateB) - lateBefore < -COST_EPSILON) {
				plan.refresh(v);
				plan.refresh(w);
				improved = true;
			} else {
				a[pa] = i;
				b[pb] = j;
			}
		}
	}
	return improved;
}

/** Cumulative distance along a route from its first stop, and its loads by prefix. */
function prefixes(plan: Plan, v: number): { along: Float64Array; load: Float64Array } {
	const { model } = plan;
	const route = plan.routes[v];
	const along = new Float64Array(route.length);
	const load = new Float64Array(route.length + 1);
	for (let k = 0; k < route.length; k++) {
		if (k > 0) along[k] = along[k - 1] + model.dist[model.loc[route[k - 1]] * model.size + model.loc[route[k]]];
		load[k + 1] = load[k] + model.demand[route[k]];
	}
	return { along, load };
}

/** Whether every stop of `route` from position c on may ride on vehicle w, for each c. */
function tailsAllowed(plan: Plan, route: number[], w: number): Uint8Array {
	const ok = new Uint8Array(route.length + 1);
	ok[route.length] = 1;
	for (let c = route.length - 1; c >= 0; c--) ok[c] = ok[c + 1] && plan.model.allowed[route[c] * plan.model.m + w] ? 1 : 0;
	return ok;
}

function twoOptStar(plan: Plan, expired: () => boolean): boolean {
	const { model } = plan;
	const { dist, size, loc } = model;
	let improved = false;
	for (let v = 0; v < model.m; v++) {
		for (let w = v + 1; w < model.m; w++) {
			if (expired()) return improved;
			const a = plan.routes[v];
			const b = plan.routes[w];
			if (a.length === 0 || b.length === 0) continue;
			const va = model.problem.vehicles[v];
			const vb = model.problem.vehicles[w];
			const pa = prefixes(plan, v);
			const pb = prefixes(plan, w);
			const aOnB = tailsAllowed(plan, a, w);
			const bOnA = tailsAllowed(plan, b, v);
			// Distance of head(route x, cut c) + tail(route y, cut d) driven by `spec`.
			const joined = (x: number[], px: Float64Array, c: number, y: number[], py: Float64Array, d: number, spec: typeof va): number => {
				if (c === 0 && d === y.length) return 0;
				let total = 0;
				let at = spec.startLocation;
				if (c > 0) {
					total += dist[at * size + loc[x[0]]] + px[c - 1];
					at = loc[x[c - 1]];
				}
				if (d < y.length) {
					total += dist[at * size + loc[y[d]]] + py[y.length - 1] - py[d];
					at = loc[y[y.length - 1]];
				}
				return total + dist[at * size + spec.endLocation];
			};
			const before = routeCost(plan, v) + routeCost(plan, w);
			for (let c = 0; c <= a.length; c++) {
				for (let d = 0; d <= b.length; d++) {
					if ((c === 0 && d === 0) || (c === a.length && d === b.length)) continue;
					if (!bOnA[d] || !aOnB[c]) continue;
					if (pa.load[c] + pb.load[b.length] - pb.load[d] > model.capacity[v] + TIME_EPSILON) continue;
					if (pb.load[d] + pa.load[a.length] - pa.load[c] > model.capacity[w] + TIME_EPSILON) continue;
					const newA = joined(a, pa.along, c, b, pb.along, d, va);
					const newB = joined(b, pb.along, d, a, pa.along, c, vb);
					const lenA = c + b.length - d;
					const lenB = d + a.length - c;
					const fixed = (lenA > 0 ? model.vehicleCost : 0) + (lenB > 0 ? model.vehicleCost : 0);
					if (newA + newB + fixed - before >= -COST_EPSILON) continue;
					const seqA = [...a.slice(0, c), ...b.slice(d)];
					const seqB = [...b.slice(0, d), ...a.slice(c)];
					const lateA = tourLateness(model.problem, va, seqA, seqA.length);
					if (lateA === Infinity) continue;
					const lateB = tourLateness(model.problem, vb, seqB, seqB.length);
					if (lateB === Infinity) continue;
					if (newA + newB + fixed + model.latenessWeight * (lateA + lateB) - before < -COST_EPSILON) {
						plan.routes[v] = seqA;
						plan.routes[w] = seqB;
						plan.refresh(v);
						plan.refresh(w);
						improved = true;
						break;
					}
				}
				if (plan.routes[v] !== a) break;
			}
		}
	}
	return improved;
}

/** Applies improving moves until none is left or time is up; returns whether anything improved. */
export function localSearch(plan: Plan, expired: () => boolean): boolean {
	let any = false;
	for (;;) {
		let improved = relocateBlocks(plan, expired);
		improved = exchange(plan, expired) || improved;
		improved = twoOptStar(plan, expired) || improved;
		any ||= improved;
		if (!improved || expired()) return any;
	}
}
