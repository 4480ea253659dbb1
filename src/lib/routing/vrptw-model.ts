// The solver's working state: the problem flattened into typed arrays once, and a plan (one stop
// sequence per vehicle) whose per-route caches are refreshed after every change.
import { scheduleRoute, tourDistance, tourLateness, vehicleCapacity, vehicleLevel } from './feasibility.ts';
import type { RoutingProblem, Stop } from './problem.ts';

/** How many nearest stops each stop remembers (string removal walks them; beyond it, distance order is noise). */
const NEIGHBOUR_COUNT = 40;
/** Priority assumed for a stop without one (1 is most important). */
export const DEFAULT_PRIORITY = 3;

export interface Model {
	problem: RoutingProblem;
	n: number;
	m: number;
	size: number;
	time: Float64Array;
	dist: Float64Array;
	loc: Int32Array;
	ready: Float64Array;
	due: Float64Array;
	service: Float64Array;
	demand: Float64Array;
	capacity: Float64Array;
	/** `allowed[stop * m + vehicle]`: the stop fits this vehicle alone (level, capacity, windows, shift, break). */
	allowed: Uint8Array;
	servable: boolean[];
	/** Vehicles with equal attributes share a class; one empty vehicle per class is worth trying. */
	vehicleClass: Int32Array;
	/** Cost of leaving a stop out: above any tour, and a more important stop above any number of lesser ones. */
	penalty: Float64Array;
	/** Cost of using a vehicle at all (only for the hierarchical objective). */
	vehicleCost: number;
	latenessWeight: number;
	/** No breaks and only hard windows: insertions are checked in O(1) with forward times and backward slack. */
	slackMode: boolean;
	neighbours: Int32Array[];
	/** Mean distance to the nearest other stop: the scale for annealing temperatures. */
	meanNearest: number;
}

function sameVehicle(problem: RoutingProblem, a: number, b: number): boolean {
	const x = problem.vehicles[a];
	const y = problem.vehicles[b];
	return (
		x.startLocation === y.startLocation &&
		x.endLocation === y.endLocation &&
		x.shiftStart === y.shiftStart &&
		x.shiftEnd === y.shiftEnd &&
		vehicleCapacity(x) === vehicleCapacity(y) &&
		vehicleLevel(x) === vehicleLevel(y) &&
		JSON.stringify(x.break ?? null) === JSON.stringify(y.break ?? null)
	);
}

export function buildModel(problem: RoutingProblem): Model {
	const n = problem.stops.length;
	const m = problem.vehicles.length;
	const { size, time, distance: dist } = problem.matrix;
	const field = (get: (stop: Stop) => number) => Float64Array.from(problem.stops, get);
	const allowed = new Uint8Array(n * m);
	const servable: boolean[] = [];
	for (let i = 0; i < n; i++) {
		let any = false;
		for (let v = 0; v < m; v++) {
			const ok = scheduleRoute(problem, problem.vehicles[v], [problem.stops[i].id]).ok;
			allowed[i * m + v] = ok ? 1 : 0;
			any ||= ok;
		}
		servable.push(any);
	}
	const vehicleClass = new Int32Array(m);
	for (let v = 0; v < m; v++) {
		vehicleClass[v] = v;
		for (let w = 0; w < v; w++) {
			if (sameVehicle(problem, v, w)) {
				vehicleClass[v] = vehicleClass[w];
				break;
			}
		}
	}
	const loc = Int32Array.from(problem.stops, (s) => s.location);
	const neighbours: Int32Array[] = [];
	let nearestSum = 0;
	for (let i = 0; i < n; i++) {
		const others = [...Array(n).keys()].filter((j) => j !== i);
		others.sort((a, b) => dist[loc[i] * size + loc[a]] - dist[loc[i] * size + loc[b]] || a - b);
		neighbours.push(Int32Array.from(others.slice(0, NEIGHBOUR_COUNT)));
		if (others.length > 0) nearestSum += dist[loc[i] * size + loc[others[0]]];
	}
	// Any single tour costs less than the longest edge times the number of edges it can have.
	let longest = 0;
	for (let k = 0; k < dist.length; k++) longest = Math.max(longest, dist[k]);
	const latenessWeight = problem.latenessWeight ?? 1;
	let horizon = 0;
	for (const vehicle of problem.vehicles) horizon = Math.max(horizon, vehicle.shiftEnd - vehicle.shiftStart);
	const tourBound = (longest + 1) * (n + 2 * m) + latenessWeight * horizon * n + 1;
	const vehicleCost = problem.objective === 'vehicles-then-distance' ? tourBound * (m + 1) : 0;
	const priorities = [...new Set(problem.stops.map((s) => s.priority ?? DEFAULT_PRIORITY))].sort((a, b) => b - a);
	const penalty = field((s) => (tourBound * (m + 1) + vehicleCost * (m + 1)) * (n + 1) ** priorities.indexOf(s.priority ?? DEFAULT_PRIORITY));
	return {
		problem,
		n,
		m,
		size,
		time,
		dist,
		loc,
		ready: field((s) => s.window.start),
		due: field((s) => s.window.end),
		service: field((s) => s.serviceTime),
		demand: field((s) => s.demand ?? 0),
		capacity: Float64Array.from(problem.vehicles, vehicleCapacity),
		allowed,
		servable,
		vehicleClass,
		penalty,
		vehicleCost,
		latenessWeight,
		slackMode: problem.vehicles.every((v) => !v.break) && problem.stops.every((s) => s.window.hard),
		neighbours,
		meanNearest: n > 0 ? nearestSum / n : 1
	};
}

/** A set of tours, one per vehicle, with cached totals per route. */
export class Plan {
	routes: number[][];
	routeOf: Int32Array;
	load: Float64Array;
	distance: Float64Array;
	lateness: Float64Array;
	/** Slack mode only: service start per position, and the latest start that keeps the rest feasible. */
	start: Float64Array[];
	latest: Float64Array[];

	constructor(readonly model: Model) {
		this.routes = Array.from({ length: model.m }, () => []);
		this.routeOf = new Int32Array(model.n).fill(-1);
		this.load = new Float64Array(model.m);
		this.distance = new Float64Array(model.m);
		this.lateness = new Float64Array(model.m);
		this.start = Array.from({ length: model.m }, () => new Float64Array(0));
		this.latest = Array.from({ length: model.m }, () => new Float64Array(0));
	}

	clone(): Plan {
		const copy = new Plan(this.model);
		copy.routes = this.routes.map((r) => r.slice());
		copy.routeOf.set(this.routeOf);
		copy.load.set(this.load);
		copy.distance.set(this.distance);
		copy.lateness.set(this.lateness);
		copy.start = this.start.slice();
		copy.latest = this.latest.slice();
		return copy;
	}

	/** Recomputes the caches of vehicle v after its sequence changed. */
	refresh(v: number): void {
		const { model } = this;
		const { problem } = model;
		const vehicle = problem.vehicles[v];
		const route = this.routes[v];
		let load = 0;
		for (let k = 0; k < route.length; k++) {
			load += model.demand[route[k]];
			this.routeOf[route[k]] = v;
		}
		this.load[v] = load;
		this.distance[v] = tourDistance(problem, vehicle, route, route.length);
		this.lateness[v] = route.length === 0 ? 0 : tourLateness(problem, vehicle, route, route.length);
		if (!model.slackMode) return;
		const len = route.length;
		const start = new Float64Array(len);
		const latest = new Float64Array(len + 1);
		let t = vehicle.shiftStart;
		let from = vehicle.startLocation;
		for (let k = 0; k < len; k++) {
			const i = route[k];
			start[k] = Math.max(t + model.time[from * model.size + model.loc[i]], model.ready[i]);
			t = start[k] + model.service[i];
			from = model.loc[i];
		}
		latest[len] = vehicle.shiftEnd;
		let to = vehicle.endLocation;
		for (let k = len - 1; k >= 0; k--) {
			const i = route[k];
			latest[k] = Math.min(model.due[i], latest[k + 1] - model.service[i] - model.time[model.loc[i] * model.size + to]);
			to = model.loc[i];
		}
		this.start[v] = start;
		this.latest[v] = latest;
	}

	remove(stops: readonly number[]): void {
		const touched = new Set<number>();
		for (const i of stops) {
			const v = this.routeOf[i];
			if (v < 0) continue;
			const route = this.routes[v];
			route.splice(route.indexOf(i), 1);
			this.routeOf[i] = -1;
			touched.add(v);
		}
		for (const v of touched) this.refresh(v);
	}

	insert(i: number, v: number, pos: number): void {
		this.routes[v].splice(pos, 0, i);
		this.refresh(v);
	}

	unassigned(): number[] {
		const out: number[] = [];
		for (let i = 0; i < this.model.n; i++) if (this.routeOf[i] < 0 && this.model.servable[i]) out.push(i);
		return out;
	}

	vehiclesUsed(): number {
		return this.routes.reduce((count, r) => count + (r.length > 0 ? 1 : 0), 0);
	}

	/** Objective value: travel, weighted lateness, vehicle cost (hierarchical only) and penalties for left-out stops. */
	cost(): number {
		const { model } = this;
		let total = 0;
		for (let v = 0; v < model.m; v++) {
			if (this.routes[v].length === 0) continue;
			total += this.distance[v] + model.latenessWeight * this.lateness[v] + model.vehicleCost;
		}
		for (let i = 0; i < model.n; i++) if (this.routeOf[i] < 0 && model.servable[i]) total += model.penalty[i];
		return total;
	}

	/** Travel plus weighted lateness only. */
	travelCost(): number {
		let total = 0;
		for (let v = 0; v < this.model.m; v++) total += this.distance[v] + this.model.latenessWeight * this.lateness[v];
		return total;
	}
}
