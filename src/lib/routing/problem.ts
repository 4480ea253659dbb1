// The routing problem as the solvers see it: locations are indexes into one travel matrix, times are
// plain numbers in one unit (minutes of the day for a nurse's tour, the instance's own unit for Solomon).

/** Row-major n×n matrices: `time[i * size + j]` is the travel time from location i to j. */
export interface TravelMatrix {
	readonly size: number;
	readonly time: Float64Array;
	/** Distance for the objective; for Solomon instances identical to `time`. */
	readonly distance: Float64Array;
}

export interface TimeWindow {
	start: number;
	end: number;
	/** Hard: service must start within the window (waiting when early). Soft: lateness costs, never infeasible. */
	hard: boolean;
}

export interface Stop {
	id: string;
	location: number;
	serviceTime: number;
	window: TimeWindow;
	/** Load for capacitated instances (Solomon); 0 when absent. */
	demand?: number;
	/** Qualification level needed (0 basic, 1 treatment care, 2 specialist); a vehicle of this level or higher may serve. */
	requiredLevel?: number;
	/** 1 = most important; kept when not every stop fits. */
	priority?: number;
}

export interface BreakRule {
	earliestStart: number;
	latestStart: number;
	duration: number;
}

export interface Vehicle {
	id: string;
	startLocation: number;
	endLocation: number;
	/** Earliest departure from the start location. */
	shiftStart: number;
	/** Latest arrival back at the end location (hard). */
	shiftEnd: number;
	capacity?: number;
	level?: number;
	break?: BreakRule;
}

export type Objective =
	/** Nurses: travel time plus soft-window lateness; every vehicle may be used. */
	| 'distance'
	/** Solomon: fewest vehicles first, then total distance. */
	| 'vehicles-then-distance';

export interface RoutingProblem {
	matrix: TravelMatrix;
	stops: Stop[];
	vehicles: Vehicle[];
	objective: Objective;
	/** Cost per time unit that a soft window's service starts late (default 1). */
	latenessWeight?: number;
}

export interface ScheduledStop {
	stopId: string;
	arrival: number;
	/** Service start (after waiting for the window). */
	start: number;
	end: number;
	waiting: number;
	/** Minutes late against a soft window; 0 when on time. */
	lateness: number;
}

export interface Route {
	vehicleId: string;
	stopIds: string[];
	schedule: ScheduledStop[];
	/** Break start, when the vehicle has a break rule. */
	breakStart?: number;
	departure: number;
	/** Arrival back at the end location. */
	returnAt: number;
	distance: number;
	lateness: number;
}

export type UnassignedReason =
	/** No vehicle can arrive before a hard window closes, even going there first. */
	| { code: 'window-unreachable'; earliestArrival: number; windowEnd: number }
	/** The visit fits no shift even alone (start + travel + service + return > shift end). */
	| { code: 'shift-too-short'; needed: number; available: number }
	| { code: 'no-qualified-vehicle'; requiredLevel: number }
	| { code: 'over-capacity'; demand: number; capacity: number }
	/** It would fit alone, but not together with the stops of higher priority. */
	| { code: 'no-room' };

export interface Solution {
	routes: Route[];
	unassigned: { stopId: string; reason: UnassignedReason }[];
	/** Vehicles with at least one stop. */
	vehicles: number;
	distance: number;
	lateness: number;
}

export interface SolveOptions {
	/** Same seed, same problem, same answer. */
	seed?: number;
	timeLimitMs?: number;
	/** Stops improving after this many iterations even with time left: with a seed, the answer no longer depends on machine speed. */
	maxIterations?: number;
	/** Monotonic clock in ms, passed in for deterministic tests (default performance.now). */
	clock?: () => number;
}
