// Writing a new revision of a mutable document (visit, tour, patient): who changed it, when each
// field was last edited (for the field-wise conflict merge), validated before it is stored.
import { recordFieldEdits, validateDocument, type FieldDocument } from '../domain/index.ts';
import type { Author } from './author.ts';
import type { LocalDatabase } from './local-databases.ts';
import { SaveError, storeError } from './save-error.ts';

/** Applies `changes` (a field set to undefined is removed) and stores the result; returns it with its new `_rev`. */
export async function updateDocument<T extends FieldDocument>(db: LocalDatabase, existing: T, changes: Partial<T>, author: Author): Promise<T> {
	const at = author.now.toISOString();
	const next = withoutUndefined({ ...existing, ...changes, updatedAt: at, updatedBy: author.username });
	next.fieldEdits = recordFieldEdits(existing as Record<string, unknown>, next, { at, by: author.username });
	return putValidated(db, next) as Promise<T>;
}

/** Validates and stores a document (new ones carry their creation fields already); fields set to undefined are left out. */
export async function putValidated(db: LocalDatabase, input: Record<string, unknown>): Promise<FieldDocument> {
	const doc = withoutUndefined(input);
	const check = validateDocument(doc);
	if (!check.ok) throw new SaveError('invalid', check.reason, check.issues);
	try {
		const result = await db.put(doc as PouchDB.Core.PutDocument<Record<string, unknown>>);
		return { ...doc, _rev: result.rev } as unknown as FieldDocument;
	} catch (err) {
		throw storeError(err);
	}
}

/** A field set to undefined means "none": JSON drops it, and so does the stored document here. */
function withoutUndefined(doc: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(Object.entries(doc).filter(([, value]) => value !== undefined));
}
