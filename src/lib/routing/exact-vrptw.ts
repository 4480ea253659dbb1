// Exact single-vehicle tour with time windows: dynamic programming over (visited set, last stop) with
// Pareto labels of (time, cost) per break state (Dumas, Desrosiers, Gélinas & Solomon 1995, Operations
// Research 43(2)). Same rules as feasibility.ts, written independently, for checking the heuristic.
import { TIME_EPSILON, vehicleCapacity, vehicleLevel } from './feasibility.ts';
import type { RoutingProblem, Vehicle } from './problem.ts';

/** Subsets are bit masks and labels multiply with them: beyond this the test would take minutes. */
export const EXACT_MAX_STOPS = 12;

interface Label {
	/** Departure from `last` after its service. */
	time: number;
	cost: number;
	breakTaken: boolean;
	last: number;
	parent: Label | null;
}

export interface ExactTour {
	stopIds: string[];
	/** Distance plus weighted soft lateness: the objective of one tour. */
	cost: number;
}

function dominated(list: Label[], label: Label): boolean {
	return list.some((l) => l.breakTaken === label.breakTaken && l.time <= label.time + TIME_EPSILON && l.cost <= label.cost + TIME_EPSILON);
}

function addLabel(list: Label[], label: Label): void {
	if (dominated(list, label)) return;
	for (let k = list.length - 1; k >= 0; k--) {
		const l = list[k];
		if (l.breakTaken === label.breakTaken && label.time <= l.time && label.cost <= l.cost) list.splice(k, 1);
	}
	list.push(label);
}

/**
 * The cheapest order serving every stop of `problem` on `vehicle`, or null when no order is feasible
 * (hard windows, shift end, break, capacity, level).
 */
export function exactSingleVehicle(problem: RoutingProblem, vehicle: Vehicle = problem.vehicles[0]): ExactTour | null {
	const stops = problem.stops;
	const n = stops.length;
	if (n > EXACT_MAX_STOPS) throw new RangeError(`exact solver takes at most ${EXACT_MAX_STOPS} stops, got ${n}`);
	if (stops.some((s) => (s.requiredLevel ?? 0) > vehicleLevel(vehicle))) return null;
	if (stops.reduce((sum, s) => sum + (s.demand ?? 0), 0) > vehicleCapacity(vehicle) + TIME_EPSILON) return null;
	const { size, time, distance } = problem.matrix;
	const weight = problem.latenessWeight ?? 1;
	const rule = vehicle.break;
	const place = (k: number) => (k < 0 ? vehicle.startLocation : stops[k].location);
	// labels[mask * n + last]
	const labels: Label[][] = Array.from({ length: (1 << n) * Math.max(n, 1) }, () => []);
	const origin: Label = { time: vehicle.shiftStart, cost: 0, breakTaken: false, last: -1, parent: null };

	const serve = (from: Label, j: number, ready: number, breakTaken: boolean): Label | null => {
		const stop = stops[j];
		const start = Math.max(ready, stop.window.start);
		if (stop.window.hard && start > stop.window.end + TIME_EPSILON) return null;
		const late = stop.window.hard ? 0 : Math.max(0, start - stop.window.end);
		const cost = from.cost + distance[place(from.last) * size + stop.location] + weight * late;
		return { time: start + stop.serviceTime, cost, breakTaken, last: j, parent: from };
	};
	const extend = (from: Label, mask: number): void => {
		for (let j = 0; j < n; j++) {
			if (mask & (1 << j)) continue;
			const travel = time[place(from.last) * size + stops[j].location];
			const target = labels[(mask | (1 << j)) * n + j];
			const plain = serve(from, j, from.time + travel, from.breakTaken);
			if (plain) addLabel(target, plain);
			if (rule && !from.breakTaken) {
				const before = Math.max(from.time, rule.earliestStart);
				if (before <= rule.latestStart + TIME_EPSILON) {
					const label = serve(from, j, before + rule.duration + travel, true);
					if (label) addLabel(target, label);
				}
				const onArrival = Math.max(from.time + travel, rule.earliestStart);
				if (onArrival <= rule.latestStart + TIME_EPSILON) {
					const label = serve(from, j, onArrival + rule.duration, true);
					if (label) addLabel(target, label);
				}
			}
		}
	};

	extend(origin, 0);
	for (let mask = 1; mask < 1 << n; mask++) {
		for (let last = 0; last < n; last++) {
			if (!(mask & (1 << last))) continue;
			for (const label of labels[mask * n + last]) extend(label, mask);
		}
	}

	const finish = (label: Label): number => {
		const travel = time[place(label.last) * size + vehicle.endLocation];
		const arrival = label.time + travel;
		if (!rule || label.breakTaken) return arrival;
		const before = Math.max(label.time, rule.earliestStart);
		const atEnd = Math.max(arrival, rule.earliestStart);
		let best = Infinity;
		if (before <= rule.latestStart + TIME_EPSILON) best = before + rule.duration + travel;
		if (atEnd <= rule.latestStart + TIME_EPSILON) best = Math.min(best, atEnd + rule.duration);
		return best;
	};
	const finals = n === 0 ? [origin] : Array.from({ length: n }, (_, last) => labels[((1 << n) - 1) * n + last]).flat();
	let best: { label: Label; cost: number } | null = null;
	for (const label of finals) {
		if (finish(label) > vehicle.shiftEnd + TIME_EPSILON) continue;
		const cost = n === 0 ? 0 : label.cost + distance[place(label.last) * size + vehicle.endLocation];
		if (!best || cost < best.cost) best = { label, cost };
	}
	if (!best) return null;
	const stopIds: string[] = [];
	for (let l: Label | null = best.label; l && l.last >= 0; l = l.parent) stopIds.unshift(stops[l.last].id);
	return { stopIds, cost: best.cost };
}
