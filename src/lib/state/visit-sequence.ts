// Where a nurse goes after finishing a visit: the next visit of her tour that is not done yet.
import { getVisit, tourId } from '../db/index.ts';
import type { Tour, Visit } from '../domain/index.ts';
import { session } from './session.svelte.ts';

/** The id of the next open visit after `visit` in its tour's order, or null at the end of the tour. */
export async function nextVisitOfTour(databaseName: string, visit: Visit): Promise<string | null> {
	const dbs = session.databases;
	if (!dbs || !visit.assignedTo) return null;
	const db = dbs.get(databaseName);
	const tour = (await db.get(tourId(visit.date, visit.assignedTo)).catch(() => undefined)) as unknown as Tour | undefined;
	if (!tour) return null;
	const after = tour.visitIds.slice(tour.visitIds.indexOf(visit._id) + 1);
	for (const id of after) {
		const next = await getVisit(db, id);
		if (next && next.status !== 'done' && next.status !== 'cancelled') return id;
	}
	return null;
}
