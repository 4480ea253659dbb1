// Tour repository: each nurse's ordered day (`tour:<YYYY-MM-DD>:<username>`), and the undo of a day plan.
import { docId, undoDayPlan, type DayPlanWrites, type Tour, type Visit } from '../domain/index.ts';
import { creationFields, type Author } from './author.ts';
import { putValidated, updateDocument } from './document-update.ts';
import type { LocalDatabase } from './local-databases.ts';
import { validDocuments } from './valid-documents.ts';

export type TourPlanFields = Pick<Tour, 'visitIds' | 'plan' | 'plannedBreak' | 'unplanned' | 'orderedBy'>;
export type TourSettings = Pick<Tour, 'shiftStart' | 'shiftEnd' | 'breakRule' | 'startPlace' | 'endPlace'>;

export function tourId(date: string, nurse: string): string {
	return docId('tour', `${date}:${nurse}`);
}

export async function toursOn(db: LocalDatabase, date: string): Promise<Tour[]> {
	const result = await db.allDocs({ startkey: `tour:${date}:`, endkey: `tour:${date}:\ufff0`, include_docs: true });
	return validDocuments<Tour>(result.rows);
}

/** Writes a planning result into the nurse's tour, creating the tour when she has none that day. */
export async function saveTourPlan(db: LocalDatabase, date: string, nurse: string, fields: TourPlanFields, settings: TourSettings, author: Author, existing?: Tour): Promise<Tour> {
	if (existing) return updateDocument(db, existing, fields, author);
	const doc = { _id: tourId(date, nurse), type: 'tour', ...creationFields(author), date, nurse, ...settings, ...fields };
	return (await putValidated(db, doc)) as Tour;
}

/** Removes a tour (a tombstone, the revision history stays): the undo of a planning run that created it. */
export async function removeTour(db: LocalDatabase, id: string, rev: string): Promise<void> {
	await db.remove(id, rev);
}

/** What "Übernehmen" wrote: each tour's plan and each visit's nurse before. */
export type AppliedDayPlan = DayPlanWrites<TourPlanFields, Pick<Visit, 'assignedTo'>>;

/**
 * Undo of a day plan: each tour and visit the plan wrote gets what it held before, as a new revision;
 * a tour the plan created is removed; one changed since is left (domain/undo.ts decides). Answers
 * the nurses whose tours were changed since and so left as they are.
 */
export async function undoAppliedDayPlan(db: LocalDatabase, applied: AppliedDayPlan, author: Author): Promise<{ keptNurses: string[] }> {
	const ids = [...applied.tours, ...applied.visits].map((w) => w.id);
	const rows = (await db.allDocs({ keys: ids, include_docs: true })).rows;
	const docs = new Map<string, Tour | Visit | undefined>(rows.map((row) => [row.key, 'doc' in row && row.doc ? (row.doc as unknown as Tour | Visit) : undefined]));
	const undo = undoDayPlan(applied, (id) => {
		const doc = docs.get(id);
		if (!doc?._rev) return undefined;
		return doc.type === 'tour' ? { rev: doc._rev, visitIds: doc.visitIds, unplanned: doc.unplanned } : { rev: doc._rev };
	});
	const keptNurses: string[] = [];
	for (const step of undo.tours) {
		const tour = docs.get(step.id) as Tour | undefined;
		if (step.kind === 'restore') await updateDocument(db, tour!, step.fields, author);
		else if (step.kind === 'remove') await removeTour(db, step.id, step.rev);
		else keptNurses.push(tour?.nurse ?? step.id.split(':').at(-1)!);
	}
	for (const step of undo.visits) {
		if (step.kind === 'restore') await updateDocument(db, docs.get(step.id) as Visit, step.fields, author);
	}
	return { keptNurses };
}
