// One tour's timetable: forward time propagation with waiting (Solomon 1987, Operations Research 35(2)),
// the break placed by label setting over (time, lateness) pairs (Desrochers & Soumis 1988, INFOR 26(3)).
//
// The break rule: a vehicle with a break rule takes it exactly once, starting inside
// [earliestStart, latestStart], at one of two moments between two consecutive places of the tour:
//   - "before travel": right after the service at a place (or at the start location), delaying departure;
//   - "on arrival": on reaching the next place, before its service — so waiting for a window absorbs it;
//     on arrival at the end location it is taken there after the last visit (the shift then ends after it).
// Of all placements the one with the least soft lateness wins, ties going to the earliest finish.
// Without soft windows that is simply the placement that finishes earliest; ties go to the earlier place.
import type { Route, RoutingProblem, ScheduledStop, Stop, Vehicle } from './problem.ts';

/** Unrounded Euclidean sums must not fail a window by floating-point noise. */
export const TIME_EPSILON = 1e-7;

export type Violation =
	| { rule: 'unknown-stop'; stopId: string }
	| { rule: 'duplicate-stop'; stopId: string }
	| { rule: 'level'; stopId: string; requiredLevel: number; vehicleLevel: number }
	/** The load first exceeds the capacity at this stop. */
	| { rule: 'capacity'; stopId: string; load: number; capacity: number; exceededBy: number }
	/** A hard window closes before service could start. */
	| { rule: 'window-closed'; stopId: string; arrival: number; start: number; windowEnd: number; lateBy: number }
	/** Back at the end location (or done with a break taken there) after the shift ends. */
	| { rule: 'shift-end'; finish: number; shiftEnd: number; exceededBy: number }
	/** The tour alone fits, but no placement of the break inside its window does. */
	| { rule: 'break'; earliestStart: number; latestStart: number };

export type ScheduleResult = { ok: true; route: Route } | { ok: false; violation: Violation };

/** Where the break is taken: after place `gap` (0 = start location) before travel, or on arrival at the next place. */
export interface BreakPlacement {
	gap: number;
	onArrival: boolean;
}

export function vehicleLevel(vehicle: Vehicle): number {
	return vehicle.level ?? 0;
}

export function vehicleCapacity(vehicle: Vehicle): number {
	return vehicle.capacity ?? Infinity;
}

function lateness(stop: Stop, start: number): number {
	return stop.window.hard ? 0 : Math.max(0, start - stop.window.end);
}

function closes(stop: Stop, start: number): boolean {
	return stop.window.hard && start > stop.window.end + TIME_EPSILON;
}

/**
 * Pareto labels (time, lateness) in flat buffers: this runs for every insertion the solver tries.
 * `time` is the departure from the place just handled (at the end location: the finish).
 */
class LabelSet {
	count = 0;
	time = new Float64Array(16);
	lateness = new Float64Array(16);
	gap = new Int32Array(16);
	onArrival = new Uint8Array(16);

	reset(capacity: number): void {
		this.count = 0;
		if (this.time.length >= capacity) return;
		this.time = new Float64Array(capacity);
		this.lateness = new Float64Array(capacity);
		this.gap = new Int32Array(capacity);
		this.onArrival = new Uint8Array(capacity);
	}

	/** Adds the label unless one at least as good is there (so ties keep the earlier place); drops those it beats. */
	add(time: number, lateness: number, gap: number, onArrival: number): void {
		for (let k = 0; k < this.count; k++) {
			if (this.time[k] <= time + TIME_EPSILON && this.lateness[k] <= lateness + TIME_EPSILON) return;
		}
		let kept = 0;
		for (let k = 0; k < this.count; k++) {
			if (time <= this.time[k] && lateness <= this.lateness[k]) continue;
			this.time[kept] = this.time[k];
			this.lateness[kept] = this.lateness[k];
			this.gap[kept] = this.gap[k];
			this.onArrival[kept] = this.onArrival[k];
			kept++;
		}
		this.time[kept] = time;
		this.lateness[kept] = lateness;
		this.gap[kept] = gap;
		this.onArrival[kept] = onArrival;
		this.count = kept + 1;
	}
}

let current = new LabelSet();
let next = new LabelSet();

/**
 * The best break placement for `seq` (stop indexes, first `len` entries), with the tour's lateness;
 * null when no placement is feasible. Only for vehicles with a break rule.
 */
export function bestBreak(
	problem: RoutingProblem,
	vehicle: Vehicle,
	seq: ArrayLike<number>,
	len: number
): { placement: BreakPlacement; lateness: number; finish: number } | null {
	const rule = vehicle.break;
	if (!rule) return null;
	const { size, time } = problem.matrix;
	let aliveWithout = true;
	let timeWithout = vehicle.shiftStart;
	let latenessWithout = 0;
	current.reset(2 * len + 4);
	let from = vehicle.startLocation;
	for (let gap = 0; gap <= len; gap++) {
		if (aliveWithout) {
			const breakStart = Math.max(timeWithout, rule.earliestStart);
			if (breakStart <= rule.latestStart + TIME_EPSILON) current.add(breakStart + rule.duration, latenessWithout, gap, 0);
		}
		next.reset(2 * len + 4);
		if (gap < len) {
			const stop = problem.stops[seq[gap]];
			const travel = time[from * size + stop.location];
			for (let k = 0; k < current.count; k++) {
				const start = Math.max(current.time[k] + travel, stop.window.start);
				if (closes(stop, start)) continue;
				next.add(start + stop.serviceTime, current.lateness[k] + lateness(stop, start), current.gap[k], current.onArrival[k]);
			}
			if (aliveWithout) {
				const arrival = timeWithout + travel;
				const breakStart = Math.max(arrival, rule.earliestStart);
				if (breakStart <= rule.latestStart + TIME_EPSILON) {
					const start = Math.max(breakStart + rule.duration, stop.window.start);
					if (!closes(stop, start)) next.add(start + stop.serviceTime, latenessWithout + lateness(stop, start), gap, 1);
				}
				const start = Math.max(arrival, stop.window.start);
				if (closes(stop, start)) aliveWithout = false;
				else {
					timeWithout = start + stop.serviceTime;
					latenessWithout += lateness(stop, start);
				}
			}
			from = stop.location;
		} else {
			const travel = time[from * size + vehicle.endLocation];
			for (let k = 0; k < current.count; k++) {
				const finish = current.time[k] + travel;
				if (finish <= vehicle.shiftEnd + TIME_EPSILON) next.add(finish, current.lateness[k], current.gap[k], current.onArrival[k]);
			}
			if (aliveWithout) {
				const breakStart = Math.max(timeWithout + travel, rule.earliestStart);
				const finish = breakStart + rule.duration;
				if (breakStart <= rule.latestStart + TIME_EPSILON && finish <= vehicle.shiftEnd + TIME_EPSILON) next.add(finish, latenessWithout, gap, 1);
			}
		}
		[current, next] = [next, current];
		if (current.count === 0 && !aliveWithout) return null;
	}
	if (current.count === 0) return null;
	let best = 0;
	for (let k = 1; k < current.count; k++) {
		const better = current.lateness[k] < current.lateness[best] - TIME_EPSILON;
		const tie = Math.abs(current.lateness[k] - current.lateness[best]) <= TIME_EPSILON && current.time[k] < current.time[best];
		if (better || tie) best = k;
	}
	return { placement: { gap: current.gap[best], onArrival: current.onArrival[best] === 1 }, lateness: current.lateness[best], finish: current.time[best] };
}

/**
 * Soft lateness of the tour in time units, or Infinity when a hard window, the shift end or the break
 * cannot be kept. Capacity and level are not checked here (the solver tracks them itself).
 */
export function tourLateness(problem: RoutingProblem, vehicle: Vehicle, seq: ArrayLike<number>, len: number): number {
	const withoutBreak = latenessWithoutBreak(problem, vehicle, seq, len);
	// A break never makes anything earlier: a tour that fails without it fails with it.
	if (!vehicle.break || withoutBreak === Infinity) return withoutBreak;
	return bestBreak(problem, vehicle, seq, len)?.lateness ?? Infinity;
}

function latenessWithoutBreak(problem: RoutingProblem, vehicle: Vehicle, seq: ArrayLike<number>, len: number): number {
	const { size, time } = problem.matrix;
	let t = vehicle.shiftStart;
	let late = 0;
	let from = vehicle.startLocation;
	for (let k = 0; k < len; k++) {
		const stop = problem.stops[seq[k]];
		const start = Math.max(t + time[from * size + stop.location], stop.window.start);
		if (closes(stop, start)) return Infinity;
		late += lateness(stop, start);
		t = start + stop.serviceTime;
		from = stop.location;
	}
	return t + time[from * size + vehicle.endLocation] <= vehicle.shiftEnd + TIME_EPSILON ? late : Infinity;
}

/** Travel distance of the tour from the start location back to the end location. */
export function tourDistance(problem: RoutingProblem, vehicle: Vehicle, seq: ArrayLike<number>, len: number): number {
	const { size, distance } = problem.matrix;
	if (len === 0) return 0;
	let from = vehicle.startLocation;
	let total = 0;
	for (let k = 0; k < len; k++) {
		const to = problem.stops[seq[k]].location;
		total += distance[from * size + to];
		from = to;
	}
	return total + distance[from * size + vehicle.endLocation];
}

type PassResult =
	| { ok: true; schedule: ScheduledStop[]; lateness: number; returnAt: number; breakStart?: number }
	| { ok: false; violation: Violation };

/** The timetable with the break (if any) at a fixed place; the first broken rule ends it. */
function forwardPass(problem: RoutingProblem, vehicle: Vehicle, seq: number[], placement: BreakPlacement | null): PassResult {
	const { size, time } = problem.matrix;
	const rule = placement ? vehicle.break : undefined;
	const schedule: ScheduledStop[] = [];
	let t = vehicle.shiftStart;
	let from = vehicle.startLocation;
	let late = 0;
	let breakStart: number | undefined;
	const takeBreak = (at: number): number => {
		if (!rule) return at;
		breakStart = Math.max(at, rule.earliestStart);
		return breakStart + rule.duration;
	};
	for (let gap = 0; gap <= seq.length; gap++) {
		if (placement && placement.gap === gap && !placement.onArrival) t = takeBreak(t);
		const atBreak = placement !== null && placement.gap === gap && placement.onArrival;
		if (gap === seq.length) {
			const returnAt = t + time[from * size + vehicle.endLocation];
			const finish = atBreak ? takeBreak(returnAt) : returnAt;
			if (finish > vehicle.shiftEnd + TIME_EPSILON) {
				return { ok: false, violation: { rule: 'shift-end', finish, shiftEnd: vehicle.shiftEnd, exceededBy: finish - vehicle.shiftEnd } };
			}
			return { ok: true, schedule, lateness: late, returnAt, breakStart };
		}
		const stop = problem.stops[seq[gap]];
		const arrival = t + time[from * size + stop.location];
		const ready = atBreak ? takeBreak(arrival) : arrival;
		const start = Math.max(ready, stop.window.start);
		if (closes(stop, start)) {
			const violation: Violation = { rule: 'window-closed', stopId: stop.id, arrival, start, windowEnd: stop.window.end, lateBy: start - stop.window.end };
			return { ok: false, violation };
		}
		const stopLateness = lateness(stop, start);
		late += stopLateness;
		schedule.push({ stopId: stop.id, arrival, start, end: start + stop.serviceTime, waiting: start - ready, lateness: stopLateness });
		t = start + stop.serviceTime;
		from = stop.location;
	}
	throw new Error('unreachable: the loop returns at the end location');
}

/** Indexes of `stopIds` in `problem.stops`, or the first id that is unknown or repeated. */
export function stopIndexes(problem: RoutingProblem, stopIds: readonly string[]): number[] | Violation {
	const byId = new Map<string, number>();
	problem.stops.forEach((stop, index) => byId.set(stop.id, index));
	const seen = new Set<string>();
	const indexes: number[] = [];
	for (const id of stopIds) {
		const index = byId.get(id);
		if (index === undefined) return { rule: 'unknown-stop', stopId: id };
		if (seen.has(id)) return { rule: 'duplicate-stop', stopId: id };
		seen.add(id);
		indexes.push(index);
	}
	return indexes;
}

/**
 * Schedules `stopIds` in this order on `vehicle`: the single source of truth for whether a tour is
 * allowed and what it costs. Checks, in this order: ids, qualification level, capacity, hard windows
 * and shift end (without the break: a break never makes anything earlier), then the break.
 */
export function scheduleRoute(problem: RoutingProblem, vehicle: Vehicle, stopIds: readonly string[]): ScheduleResult {
	const seq = stopIndexes(problem, stopIds);
	if (!Array.isArray(seq)) return { ok: false, violation: seq };
	let load = 0;
	for (const index of seq) {
		const stop = problem.stops[index];
		const required = stop.requiredLevel ?? 0;
		if (required > vehicleLevel(vehicle)) {
			return { ok: false, violation: { rule: 'level', stopId: stop.id, requiredLevel: required, vehicleLevel: vehicleLevel(vehicle) } };
		}
		load += stop.demand ?? 0;
		const capacity = vehicleCapacity(vehicle);
		if (load > capacity + TIME_EPSILON) {
			return { ok: false, violation: { rule: 'capacity', stopId: stop.id, load, capacity, exceededBy: load - capacity } };
		}
	}
	let pass = forwardPass(problem, vehicle, seq, null);
	if (!pass.ok) return pass;
	const rule = vehicle.break;
	if (rule) {
		const best = bestBreak(problem, vehicle, seq, seq.length);
		if (!best) return { ok: false, violation: { rule: 'break', earliestStart: rule.earliestStart, latestStart: rule.latestStart } };
		pass = forwardPass(problem, vehicle, seq, best.placement);
		if (!pass.ok) return pass;
	}
	const route: Route = {
		vehicleId: vehicle.id,
		stopIds: [...stopIds],
		schedule: pass.schedule,
		departure: vehicle.shiftStart,
		returnAt: pass.returnAt,
		distance: tourDistance(problem, vehicle, seq, seq.length),
		lateness: pass.lateness
	};
	if (pass.breakStart !== undefined) route.breakStart = pass.breakStart;
	return { ok: true, route };
}

/** The objective's cost of one scheduled route: distance plus weighted soft lateness. */
export function routeCost(problem: RoutingProblem, route: Route): number {
	return route.distance + (problem.latenessWeight ?? 1) * route.lateness;
}
