// Planning tours: the nurse re-plans her own day from where she is; the care manager plans the
// team's day across nurses. Solving runs in the routing worker; results are written as tours.
import { loadMapServices, saveTourPlan, undoAppliedDayPlan, updateDocument, type AppliedDayPlan, type LocalDatabase, type TourPlanFields, type TourSettings } from '../db/index.ts';
import type { GeoPoint, Tour, Visit } from '../domain/index.ts';
import {
	buildNurseDayProblem,
	checkOrder,
	fetchOsrmTable,
	haversineMatrix,
	RoutingClient,
	SETTLED_VISIT_STATES,
	splitForReplan,
	toNurseDayPlan,
	type NurseDayPlan,
	type OrderCheck,
	type PlanningNurse,
	type TravelMatrix,
	withTravel
} from '../routing/index.ts';
import { session } from './session.svelte.ts';

export type { AppliedDayPlan };

const routing = new RoutingClient();
/** Re-planning is interactive: answer within a blink even for 40 visits. */
const INTERACTIVE_TIME_LIMIT_MS = 250;
/** A team's whole day may take a little longer. */
const TEAM_TIME_LIMIT_MS = 1500;
/** Where a tour without start place begins when the device has no position either. */
const SAALFELD: GeoPoint = { lat: 50.6487, lon: 11.3668 };

export type TravelSource = 'road' | 'estimate';

export type PlanningResult =
	| { ok: true; plan: NurseDayPlan; elapsedMs: number; travel: TravelSource; tours: Tour[]; applied?: AppliedDayPlan }
	| { ok: false; error: string };

/** Road times from the configured routing service when online; straight-line estimates otherwise. */
async function travelMatrix(places: GeoPoint[]): Promise<{ matrix: TravelMatrix; travel: TravelSource }> {
	const { routingUrl } = await loadMapServices();
	if (routingUrl && navigator.onLine && places.length >= 2) {
		const road = await fetchOsrmTable(routingUrl, places);
		if (road.ok) return { matrix: road.matrix, travel: 'road' };
	}
	return { matrix: haversineMatrix(places), travel: 'estimate' };
}

async function solveDay(nurses: PlanningNurse[], visits: Visit[], locationOf: (patientId: string) => GeoPoint | undefined, timeLimitMs: number) {
	const day = buildNurseDayProblem({ visits, locationOf, nurses });
	const { matrix, travel } = await travelMatrix(day.places);
	const { solution, elapsedMs } = await routing.solve(withTravel(day, matrix), { seed: 1, timeLimitMs });
	return { plan: toNurseDayPlan(solution, day, matrix), elapsedMs, travel };
}

export function planningNurseOf(tour: Pick<Tour, 'nurse' | 'shiftStart' | 'shiftEnd' | 'breakRule' | 'startPlace' | 'endPlace'>, fallbackPlace: GeoPoint): PlanningNurse {
	const station = { kind: 'station', location: fallbackPlace } as const;
	return {
		username: tour.nurse,
		shiftStart: tour.shiftStart,
		shiftEnd: tour.shiftEnd,
		breakRule: tour.breakRule,
		startPlace: tour.startPlace ?? station,
		endPlace: tour.endPlace ?? tour.startPlace ?? station
	};
}

/**
 * "Neu planen": the nurse's open visits in a new order from where she is now. Finished and
 * running visits keep their place at the front; visits that no longer fit stay on her list, at
 * the end, with the reason.
 */
export async function replanTour(db: LocalDatabase, tour: Tour, visits: readonly Visit[], locationOf: (patientId: string) => GeoPoint | undefined, position?: GeoPoint): Promise<PlanningResult> {
	try {
		const { settled, open, nurse } = splitForReplan(tour, visits, planningNurseOf(tour, position ?? SAALFELD), new Date(), position, locationOf);
		const { plan, elapsedMs, travel } = await solveDay([nurse], open, locationOf, INTERACTIVE_TIME_LIMIT_MS);
		const planned = plan.tours[0];
		const unplannedIds = plan.unplanned.map((u) => u.visitId);
		const saved = await saveTourPlan(
			db,
			tour.date,
			tour.nurse,
			{
				visitIds: [...settled.map((v) => v._id), ...planned.visitIds, ...unplannedIds],
				plan: planned.plan,
				plannedBreak: planned.plannedBreak,
				unplanned: plan.unplanned.length ? plan.unplanned : undefined,
				orderedBy: 'planner'
			},
			tour,
			session.author(),
			tour
		);
		return { ok: true, plan, elapsedMs, travel, tours: [saved] };
	} catch (err) {
		return { ok: false, error: err instanceof Error ? err.message : String(err) };
	}
}

/** Her own order as she would drive it from now: arrivals, or the first fixed window or shift end it breaks. */
export function checkHandOrder(tour: Tour, visits: readonly Visit[], locationOf: (patientId: string) => GeoPoint | undefined, position?: GeoPoint): OrderCheck {
	const { open, nurse } = splitForReplan(tour, visits, planningNurseOf(tour, position ?? SAALFELD), new Date(), position, locationOf);
	const byId = new Map(open.map((v) => [v._id, v]));
	const ordered = tour.visitIds.flatMap((id) => byId.get(id) ?? []);
	return checkOrder(nurse, ordered, locationOf);
}

/** The nurse moves a visit by hand: the order is hers, planned times are dropped until the next planning. */
export async function reorderTour(db: LocalDatabase, tour: Tour, visitIds: string[]): Promise<Tour> {
	return updateDocument(db, tour, { visitIds, plan: undefined, plannedBreak: undefined, orderedBy: 'hand' }, session.author());
}

/** Undo of a move by hand: her tour's order fields as they were, written as a new revision. */
export async function restoreTourOrder(db: LocalDatabase, tour: Tour, previous: Pick<Tour, 'visitIds' | 'plan' | 'plannedBreak' | 'orderedBy'>): Promise<Tour> {
	return updateDocument(db, tour, { visitIds: previous.visitIds, plan: previous.plan, plannedBreak: previous.plannedBreak, orderedBy: previous.orderedBy }, session.author());
}

/** A computed day plan not yet written: the tours as they would be stored and the visits that change nurse. */
export interface DayPlanDraft {
	plan: NurseDayPlan;
	elapsedMs: number;
	travel: TravelSource;
	date: string;
	tours: { nurse: string; fields: TourPlanFields; settings: TourSettings; existing?: Tour }[];
	reassigned: { visit: Visit; to: string | undefined }[];
}

export type DayPreview = { ok: true; draft: DayPlanDraft } | { ok: false; error: string };

/**
 * The care manager's "Tag planen", first step: every open visit of the day across the given nurses,
 * solved but not written, so the preview can show what changes before anything does.
 */
export async function previewTeamDay(
	date: string,
	nurses: { username: string; settings: TourSettings; tour?: Tour }[],
	visits: readonly Visit[],
	locationOf: (patientId: string) => GeoPoint | undefined,
	fallbackPlace: GeoPoint
): Promise<DayPreview> {
	try {
		const open = visits.filter((v) => v.status === 'planned');
		const planningNurses = nurses.map(({ username, settings }) => planningNurseOf({ nurse: username, ...settings }, fallbackPlace));
		const { plan, elapsedMs, travel } = await solveDay(planningNurses, open, locationOf, TEAM_TIME_LIMIT_MS);
		// A visit that fits nowhere stays with the nurse it was with (or with none), listed with its reason.
		const assignment = new Map<string, string | undefined>(open.map((v) => [v._id, v.assignedTo]));
		const tours: DayPlanDraft['tours'] = [];
		for (const planned of plan.tours) {
			const nurse = nurses.find((n) => n.username === planned.nurse)!;
			planned.visitIds.forEach((id) => assignment.set(id, planned.nurse));
			// Visits she has already begun or finished stay first on her tour.
			const settled = (nurse.tour?.visitIds ?? []).filter((id) => visits.some((v) => v._id === id && SETTLED_VISIT_STATES.includes(v.status)));
			const unplannedOfHers = plan.unplanned.filter((u) => open.find((v) => v._id === u.visitId)?.assignedTo === planned.nurse);
			tours.push({
				nurse: planned.nurse,
				fields: {
					visitIds: [...settled, ...planned.visitIds, ...unplannedOfHers.map((u) => u.visitId)],
					plan: planned.plan,
					plannedBreak: planned.plannedBreak,
					unplanned: unplannedOfHers.length ? unplannedOfHers : undefined,
					orderedBy: 'planner'
				},
				settings: nurse.settings,
				existing: nurse.tour
			});
		}
		const reassigned = open.flatMap((visit) => (visit.assignedTo !== assignment.get(visit._id) ? [{ visit, to: assignment.get(visit._id) }] : []));
		return { ok: true, draft: { plan, elapsedMs, travel, date, tours, reassigned } };
	} catch (err) {
		return { ok: false, error: err instanceof Error ? err.message : String(err) };
	}
}

/** "Übernehmen": each nurse's tour is written, each visit's `assignedTo` follows the plan. */
export async function applyTeamDay(db: LocalDatabase, draft: DayPlanDraft): Promise<PlanningResult> {
	const applied = { tours: [] as AppliedDayPlan['tours'][number][], visits: [] as AppliedDayPlan['visits'][number][] };
	try {
		const tours: Tour[] = [];
		for (const tour of draft.tours) {
			const saved = await saveTourPlan(db, draft.date, tour.nurse, tour.fields, tour.settings, session.author(), tour.existing);
			tours.push(saved);
			applied.tours.push({ id: saved._id, writtenRev: saved._rev!, previous: tour.existing && tourPlanOf(tour.existing) });
		}
		for (const { visit, to } of draft.reassigned) {
			const latest = (await db.get(visit._id)) as unknown as Visit;
			const saved = await updateDocument(db, latest, { assignedTo: to }, session.author());
			applied.visits.push({ id: saved._id, writtenRev: saved._rev!, previous: { assignedTo: latest.assignedTo } });
		}
		return { ok: true, plan: draft.plan, elapsedMs: draft.elapsedMs, travel: draft.travel, tours, applied };
	} catch (err) {
		return { ok: false, error: err instanceof Error ? err.message : String(err) };
	}
}

function tourPlanOf(tour: Tour): TourPlanFields {
	return { visitIds: tour.visitIds, plan: tour.plan, plannedBreak: tour.plannedBreak, unplanned: tour.unplanned, orderedBy: tour.orderedBy };
}

export type DayUndoResult = { ok: true; keptNurses: string[] } | { ok: false; error: string };

/**
 * Undo of "Übernehmen": tours and visits get what they held before as new revisions; a tour the
 * plan created is removed. A tour its nurse changed since is left as it is and named in `keptNurses`.
 */
export async function undoTeamDay(db: LocalDatabase, applied: AppliedDayPlan): Promise<DayUndoResult> {
	try {
		return { ok: true, ...(await undoAppliedDayPlan(db, applied, session.author())) };
	} catch (err) {
		return { ok: false, error: err instanceof Error ? err.message : String(err) };
	}
}
