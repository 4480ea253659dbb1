// What may be written to a team database: every document is checked before it is stored.
import { validateDocument, type UserProfile } from '../../src/lib/domain/index.ts';

export type WriteCheck = { ok: true } | { ok: false; reason: string };

/** Runs for every incoming revision (PUT, _bulk_docs, replication with new_edits=false). */
export function checkWrite(doc: Record<string, unknown>, _user: UserProfile): WriteCheck {
	const id = doc._id;
	if (typeof id !== 'string' || id === '') return { ok: false, reason: '_id: must be a non-empty string' };
	if (id.startsWith('_design/')) return { ok: false, reason: 'design documents are managed by the server' };
	// Checkpoints of replicators and tombstones carry no clinical content to validate.
	if (id.startsWith('_local/') || doc._deleted === true) return { ok: true };
	const result = validateDocument(doc);
	return result.ok ? { ok: true } : { ok: false, reason: result.reason };
}
