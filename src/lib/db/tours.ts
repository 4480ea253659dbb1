// Tour repository: each nurse's ordered day (`tour:<YYYY-MM-DD>:<username>`).
import { docId, type Tour } from '../domain/index.ts';
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
