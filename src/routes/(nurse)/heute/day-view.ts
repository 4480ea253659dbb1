// The nurse's day as the page shows it: her visits in tour order with planned times. Pure, tested.
import { compareCodeUnits, type GeoPoint, type Patient, type Tour, type Visit } from '$lib/domain/index.ts';

export interface DayRow {
	visit: Visit;
	patient: Patient | undefined;
	/** Planned arrival (HH:MM) from the last planning, when the order is the planner's. */
	arrival?: string;
	unplannedReason?: NonNullable<Tour['unplanned']>[number]['reason'];
}

/** Her tour's order; visits assigned to her but missing from the tour follow by window; without a tour, the team's day by window. */
export function dayRows(visits: readonly Visit[], patients: ReadonlyMap<string, Patient>, tour: Tour | undefined, me: string | undefined): DayRow[] {
	const byWindow = (a: Visit, b: Visit) => compareCodeUnits(a.windowStart, b.windowStart) || compareCodeUnits(a.windowEnd, b.windowEnd);
	const byId = new Map(visits.map((v) => [v._id, v]));
	let ordered: Visit[];
	if (tour) {
		const inTour = tour.visitIds.flatMap((id) => byId.get(id) ?? []);
		const listed = new Set(inTour.map((v) => v._id));
		ordered = [...inTour, ...visits.filter((v) => v.assignedTo === me && !listed.has(v._id)).sort(byWindow)];
	} else {
		const mine = visits.filter((v) => v.assignedTo === me);
		ordered = [...(mine.length ? mine : visits)].sort(byWindow);
	}
	const arrivals = new Map((tour?.plan ?? []).map((p) => [p.visitId, p.arrival]));
	const reasons = new Map((tour?.unplanned ?? []).map((u) => [u.visitId, u.reason]));
	return ordered.map((visit) => ({ visit, patient: patients.get(visit.patientId), arrival: arrivals.get(visit._id), unplannedReason: reasons.get(visit._id) }));
}

/** Moves one visit up or down; the result is the tour's new order. */
export function moved(ids: readonly string[], index: number, delta: -1 | 1): string[] {
	const target = index + delta;
	if (target < 0 || target >= ids.length) return [...ids];
	const next = [...ids];
	[next[index], next[target]] = [next[target], next[index]];
	return next;
}

export function placesOf(rows: readonly DayRow[]): GeoPoint[] {
	return rows.flatMap((r) => (r.patient?.location ? [r.patient.location] : []));
}
