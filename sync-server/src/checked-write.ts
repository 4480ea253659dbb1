// The one way documents reach a team database from a request: checked (attachment-rules.ts for
// every writer, write-rules.ts for users), stored, and conflicts settled, one write at a time per database.
import { checkAttachments, type AttachmentLimits } from './attachment-rules.ts';
import type { Writer } from './auth.ts';
import { COUCH_ERRORS, CouchError, couchErrorEntry, type CouchErrorName } from './errors.ts';
import { resolveConflicts } from './conflict-resolver.ts';
import { revisionPath } from './revision-path.ts';
import type { Database } from './storage.ts';
import { checkWrites, serialised } from './write-rules.ts';

type Doc = Record<string, unknown>;

/** What a write may carry beyond its schema. */
export type WriteLimits = AttachmentLimits;

/** One document's outcome, as CouchDB answers it in `_bulk_docs`. */
export type WriteResult = { ok: true; id: string; rev: string } | { id: unknown; error: string; reason: string };

/** The leaf a replicated revision is stored as (revision-path.ts has already vetted it). */
function replicatedRev(doc: Doc): string {
	const path = revisionPath(doc, false);
	// `_local` checkpoints keep their own `0-n` revisions.
	return path.ok && path.value.kind === 'replicated' ? path.value.leaf : String(doc._rev);
}

/**
 * How a refused attachment is answered: as its check says (a single write: 400 for data that is
 * not base64), or `forbidden` (a batch: a replicator counts the document as denied and goes on).
 */
export type AttachmentRefusal = 'as-checked' | 'forbidden';

export async function writeChecked(db: Database, docs: Doc[], user: Writer, newEdits: boolean, limits: WriteLimits, attachmentRefusal: AttachmentRefusal = 'as-checked'): Promise<WriteResult[]> {
	const results: WriteResult[] = new Array(docs.length);
	// Every writer, the server admin too: what is stored here is served to the teams. Outside the
	// queue: megabytes of base64 are scanned without holding up the database's other writes.
	const checkable: number[] = [];
	docs.forEach((doc, i) => {
		const attachments = checkAttachments(doc, limits);
		if (attachments.ok) checkable.push(i);
		else results[i] = { id: doc._id, error: attachmentRefusal === 'forbidden' ? 'forbidden' : attachments.error, reason: attachments.reason };
	});
	return serialised(db, async () => {
		const checks = await checkWrites(db, checkable.map((i) => docs[i]), user, newEdits);
		const accepted: number[] = [];
		checks.forEach((check, j) => {
			const i = checkable[j];
			if (check.ok) accepted.push(i);
			else results[i] = { id: docs[i]._id, error: check.error, reason: check.reason };
		});
		if (!accepted.length) return results;

		const stored = await db.bulkDocs(accepted.map((i) => ({ ...docs[i] })) as PouchDB.Core.PutDocument<Doc>[], { new_edits: newEdits });
		if (newEdits) {
			stored.forEach((result, j) => {
				const i = accepted[j];
				results[i] = 'error' in result && result.error ? { id: docs[i]._id, ...couchErrorEntry(result) } : { ok: true, id: String(docs[i]._id), rev: String((result as { rev: string }).rev) };
			});
		} else {
			// Storage answers replicated writes with their failures only.
			const failed = new Map(stored.map((result) => [String(result.id), result]));
			for (const i of accepted) {
				const failure = failed.get(String(docs[i]._id));
				results[i] = failure ? { id: docs[i]._id, ...couchErrorEntry(failure) } : { ok: true, id: String(docs[i]._id), rev: replicatedRev(docs[i]) };
			}
			// Only replicated revisions can branch a document's history.
			await resolveConflicts(db, accepted.map((i) => String(docs[i]._id)));
		}
		return results;
	});
}

/** A single document's refusal as the CouchError its endpoint answers with. */
export function couchError(result: { error: string; reason: string }): CouchError {
	const name = (result.error in COUCH_ERRORS ? result.error : 'bad_request') as CouchErrorName;
	return new CouchError(name, result.reason);
}
