// Documents as the schemas define them. One that is not (stored before the server checked every
// revision, or written by an older app) is left out of lists rather than stopping a whole page:
// a patient stripped to two fields once made /patienten and /heute hang for a team.
import { validateDocument, type FieldDocument } from '../domain/index.ts';

export function validDocuments<T extends FieldDocument>(rows: readonly { doc?: unknown }[]): T[] {
	return rows.flatMap((row) => (row.doc !== undefined && validateDocument(row.doc).ok ? [row.doc as T] : []));
}
