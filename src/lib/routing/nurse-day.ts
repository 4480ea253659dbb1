// A nurse team's day as a routing problem and back: visits and tours in, ordered tours with planned
// times and explained leftovers out. Times are minutes since local midnight.
import type { GeoPoint, Tour, TourPlace, UNPLANNED_REASONS, Visit } from '../domain/index.ts';
import { scheduleRoute } from './feasibility.ts';
import type { RoutingProblem, Solution, Stop, TravelMatrix, Vehicle } from './problem.ts';
import { haversineMatrix } from './travel.ts';

export type UnplannedReason = (typeof UNPLANNED_REASONS)[number];

/** Qualification levels (SGB V Behandlungspflege needs a registered nurse): higher may do the lower. */
const LEVEL = { basic: 0, treatment: 1, specialist: 2 } as const;
/** Without a recorded qualification a nurse is taken to be a registered nurse (Pflegefachkraft). */
const DEFAULT_NURSE_LEVEL = LEVEL.treatment;
/** Cost of one minute late at a preferred window, against one minute of driving. */
const LATENESS_WEIGHT = 2;

export interface PlanningNurse {
	username: string;
	shiftStart: string;
	shiftEnd: string;
	startPlace: TourPlace;
	endPlace: TourPlace;
	breakRule?: { earliest: string; latest: string; durationMin: number };
	level?: number;
	/** Re-planning mid-day: where she is now and from when she is free. */
	from?: { location: GeoPoint; minute: number };
}

export interface NurseDayInput {
	/** Visits still to plan (done and running ones stay where they are). */
	visits: readonly Visit[];
	locationOf: (patientId: string) => GeoPoint | undefined;
	nurses: readonly PlanningNurse[];
}

/** The day without travel times yet: the caller computes the matrix over `places` (offline estimate or OSRM). */
export interface NurseDayProblem {
	/** The place of each matrix index. */
	places: GeoPoint[];
	stops: Stop[];
	vehicles: Vehicle[];
	/** Visits that could not even be put to the solver. */
	withoutLocation: string[];
}

export interface PlannedTour {
	nurse: string;
	visitIds: string[];
	plan: { visitId: string; arrival: string; start: string }[];
	plannedBreak?: string;
	/** Minutes driven. */
	travelMinutes: number;
}

export interface NurseDayPlan {
	tours: PlannedTour[];
	unplanned: { visitId: string; reason: UnplannedReason }[];
}

export function minutesOf(clock: string): number {
	const [h, m] = clock.split(':').map(Number);
	return h * 60 + m;
}

export function clockOf(minutes: number): string {
	const whole = Math.max(0, Math.min(24 * 60 - 1, Math.round(minutes)));
	return `${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
}

export function buildNurseDayProblem(input: NurseDayInput): NurseDayProblem {
	const places: GeoPoint[] = [];
	const vehicles: Vehicle[] = input.nurses.map((nurse) => {
		const startLocation = places.push(nurse.from?.location ?? nurse.startPlace.location) - 1;
		const endLocation = places.push(nurse.endPlace.location) - 1;
		const shiftStart = Math.max(minutesOf(nurse.shiftStart), nurse.from?.minute ?? 0);
		const breakRule = nurse.breakRule && nurse.breakRule.durationMin > 0 && minutesOf(nurse.breakRule.latest) >= shiftStart
			? { earliestStart: Math.max(shiftStart, minutesOf(nurse.breakRule.earliest)), latestStart: minutesOf(nurse.breakRule.latest), duration: nurse.breakRule.durationMin }
			: undefined;
		return { id: nurse.username, startLocation, endLocation, shiftStart, shiftEnd: minutesOf(nurse.shiftEnd), level: nurse.level ?? DEFAULT_NURSE_LEVEL, break: breakRule };
	});
	const withoutLocation: string[] = [];
	const stops: Stop[] = [];
	for (const visit of input.visits) {
		const location = input.locationOf(visit.patientId);
		if (!location) {
			withoutLocation.push(visit._id);
			continue;
		}
		stops.push({
			id: visit._id,
			location: places.push(location) - 1,
			serviceTime: visit.durationMin,
			window: { start: minutesOf(visit.windowStart), end: minutesOf(visit.windowEnd), hard: visit.windowKind === 'hard' },
			requiredLevel: LEVEL[visit.qualification ?? 'basic'],
			priority: visit.priority
		});
	}
	return { places, stops, vehicles, withoutLocation };
}

export function withTravel(day: NurseDayProblem, matrix: TravelMatrix): RoutingProblem {
	if (matrix.size !== day.places.length) throw new Error(`travel matrix has ${matrix.size} places, the day ${day.places.length}`);
	return { matrix, stops: day.stops, vehicles: day.vehicles, objective: 'distance', latenessWeight: LATENESS_WEIGHT };
}

/** The solver's answer as tours of visit ids with clock times; every visit either planned or explained. */
export function toNurseDayPlan(solution: Solution, day: NurseDayProblem, matrix: TravelMatrix): NurseDayPlan {
	const tours = solution.routes.map((route): PlannedTour => ({
		nurse: route.vehicleId,
		visitIds: [...route.stopIds],
		plan: route.schedule.map((s) => ({ visitId: s.stopId, arrival: clockOf(s.arrival), start: clockOf(s.start) })),
		plannedBreak: route.breakStart === undefined ? undefined : clockOf(route.breakStart),
		travelMinutes: travelMinutes(route.stopIds, route.vehicleId, day, matrix)
	}));
	// Nurses the solver gave nothing still get an (empty) tour.
	for (const vehicle of day.vehicles) {
		if (!tours.some((t) => t.nurse === vehicle.id)) tours.push({ nurse: vehicle.id, visitIds: [], plan: [], travelMinutes: 0 });
	}
	const unplanned = [
		...solution.unassigned.map(({ stopId, reason }) => ({ visitId: stopId, reason: reason.code as UnplannedReason })),
		...day.withoutLocation.map((visitId) => ({ visitId, reason: 'no-location' as const }))
	];
	return { tours, unplanned };
}

function travelMinutes(stopIds: readonly string[], vehicleId: string, { stops, vehicles }: NurseDayProblem, matrix: TravelMatrix): number {
	const vehicle = vehicles.find((v) => v.id === vehicleId);
	if (!vehicle) return 0;
	const locationOf = new Map(stops.map((s) => [s.id, s.location]));
	const path = [vehicle.startLocation, ...stopIds.map((id) => locationOf.get(id) ?? vehicle.startLocation), vehicle.endLocation];
	let total = 0;
	for (let i = 1; i < path.length; i++) total += matrix.time[path[i - 1] * matrix.size + path[i]];
	return Math.round(total);
}

/** Visits whose place in the day is settled: re-planning leaves them where they are. */
export const SETTLED_VISIT_STATES: readonly Visit['status'][] = ['done', 'in-progress', 'cancelled'];

export interface ReplanSplit {
	/** Finished, running and cancelled visits, in the tour's order: they stay first. */
	settled: Visit[];
	/** Visits to plan from where she is. */
	open: Visit[];
	nurse: PlanningNurse;
}

/**
 * "Neu planen" mid-day: her visits (the tour's and any assigned to her since) split into settled and
 * open; she starts at her position now, or at the running visit's place when it ends. Outside her
 * shift the plan starts at shift start from her start place.
 */
export function splitForReplan(
	tour: Pick<Tour, 'visitIds' | 'nurse'>,
	visits: readonly Visit[],
	nurse: PlanningNurse,
	now: Date,
	position: GeoPoint | undefined,
	locationOf: (patientId: string) => GeoPoint | undefined
): ReplanSplit {
	const byId = new Map(visits.map((v) => [v._id, v]));
	const ids = [...new Set([...tour.visitIds, ...visits.filter((v) => v.assignedTo === tour.nurse).map((v) => v._id)])];
	const mine = ids.flatMap((id) => byId.get(id) ?? []);
	const settled = mine.filter((v) => SETTLED_VISIT_STATES.includes(v.status));
	const open = mine.filter((v) => !SETTLED_VISIT_STATES.includes(v.status));
	const running = settled.find((v) => v.status === 'in-progress');
	let minute = minuteOfDay(now);
	let from = position;
	if (running) {
		from = locationOf(running.patientId) ?? position;
		const started = running.startedAt ? minuteOfDay(new Date(running.startedAt)) : minute;
		minute = Math.max(minute, started + running.durationMin);
	}
	const within = minute > minutesOf(nurse.shiftStart) && minute < minutesOf(nurse.shiftEnd);
	return { settled, open, nurse: within ? { ...nurse, from: { location: from ?? nurse.startPlace.location, minute } } : nurse };
}

function minuteOfDay(at: Date): number {
	return at.getHours() * 60 + at.getMinutes();
}

export type OrderCheck =
	| { ok: true; arrivals: { visitId: string; arrival: string }[] }
	/** The first rule the order breaks: a fixed window missed by `minutes`, the shift end passed, the break squeezed out. */
	| { ok: false; rule: 'window-closed' | 'shift-end' | 'break' | 'level'; visitId?: string; minutes: number };

/**
 * A nurse's own order, checked as she drives it (straight-line travel estimate): planned arrivals,
 * or the first fixed window, shift end or break it breaks.
 */
export function checkOrder(nurse: PlanningNurse, ordered: readonly Visit[], locationOf: (patientId: string) => GeoPoint | undefined): OrderCheck {
	const day = buildNurseDayProblem({ visits: ordered, locationOf, nurses: [nurse] });
	const problem = withTravel(day, haversineMatrix(day.places));
	const result = scheduleRoute(problem, problem.vehicles[0], day.stops.map((s) => s.id));
	if (result.ok) return { ok: true, arrivals: result.route.schedule.map((s) => ({ visitId: s.stopId, arrival: clockOf(s.arrival) })) };
	const v = result.violation;
	switch (v.rule) {
		case 'window-closed':
			return { ok: false, rule: v.rule, visitId: v.stopId, minutes: Math.ceil(v.lateBy) };
		case 'shift-end':
			return { ok: false, rule: v.rule, minutes: Math.ceil(v.exceededBy) };
		case 'break':
			return { ok: false, rule: v.rule, minutes: 0 };
		case 'level':
			return { ok: false, rule: v.rule, visitId: v.stopId, minutes: 0 };
		case 'capacity':
		case 'unknown-stop':
		case 'duplicate-stop':
			// Nurse days carry no loads, and the stops come from the visits themselves.
			throw new Error(`unexpected ${v.rule} in a nurse's day`);
	}
}
