// What may be written to a team database: every incoming revision is checked before it is stored
// (PUT, DELETE, _bulk_docs, and replication with new_edits=false alike).
import { mayWrite, typeOfId, validateDocument, type UserProfile, type WriteAction } from '../../src/lib/domain/index.ts';
import { checkAttachments } from './attachment-rules.ts';
import type { Writer } from './auth.ts';
import type { Database } from './storage.ts';

export type WriteCheck = { ok: true } | { ok: false; reason: string };
type Doc = Record<string, unknown>;

export interface WriteLimits {
	maxAttachmentBytes: number;
}

/**
 * Largest document body, attachments not counted (they have their own limit). The schemas cap
 * every field they know, but let unknown fields through (looseObject): without this a member
 * could store and replicate a document as large as the request body limit to every device.
 */
export const MAX_DOCUMENT_BYTES = 1024 * 1024;
/** A PouchDB checkpoint keeps five sessions of history: a few hundred bytes. */
export const MAX_LOCAL_BYTES = 64 * 1024;

function documentBytes(doc: Doc): number {
	const { _attachments: _, ...body } = doc;
	return Buffer.byteLength(JSON.stringify(body));
}

/** The revision a new one grows from: `_rev` with new_edits=true, the second of `_revisions` otherwise. */
function parentRev(doc: Doc, newEdits: boolean): string | undefined {
	if (newEdits) return typeof doc._rev === 'string' ? doc._rev : undefined;
	const revisions = doc._revisions as { start?: number; ids?: string[] } | undefined;
	if (!revisions?.start || !revisions.ids || revisions.ids.length < 2) return undefined;
	return `${revisions.start - 1}-${revisions.ids[1]}`;
}

/**
 * Where a revision stands: a new document, an edit of one the server holds, or a document the
 * server has never seen arriving with edit history (created and edited offline) — that one must
 * pass as a creation and as an edit.
 */
export type Presence = 'new' | 'existing' | 'new-with-history';

/**
 * One revision, given its presence and whether it closes a losing conflict leaf (a tombstone on a
 * non-winning leaf resolves a conflict; it deletes nothing).
 */
export function checkWrite(doc: Doc, user: UserProfile, presence: Presence, limits: WriteLimits, closesConflict = false): WriteCheck {
	const id = doc._id;
	if (typeof id !== 'string' || id === '') return { ok: false, reason: '_id: must be a non-empty string' };
	if (id.startsWith('_design/')) return { ok: false, reason: 'design documents are managed by the server' };
	// Replication checkpoints are the client's own bookkeeping: small, never replicated.
	if (id.startsWith('_local/')) {
		return documentBytes(doc) > MAX_LOCAL_BYTES ? { ok: false, reason: `_local documents are checkpoints, at most ${MAX_LOCAL_BYTES / 1024} kB` } : { ok: true };
	}

	const type = typeOfId(id);
	if (!type) return { ok: false, reason: '_id: must start with a document type, e.g. "patient:"' };
	const actions: WriteAction[] =
		doc._deleted === true && !closesConflict ? ['delete'] : presence === 'new' ? ['create'] : presence === 'existing' ? ['update'] : ['create', 'update'];
	for (const action of actions) {
		const allowed = mayWrite(user.role, type, action);
		if (!allowed.ok) return allowed;
	}
	if (doc._deleted === true) return { ok: true };

	const result = validateDocument(doc);
	if (!result.ok) return { ok: false, reason: result.reason };
	const attachments = checkAttachments(doc, limits);
	if (!attachments.ok) return attachments;
	if (documentBytes(doc) > MAX_DOCUMENT_BYTES) {
		return { ok: false, reason: `document: larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB without attachments` };
	}
	// Nobody writes in another person's name.
	if (actions.includes('create') && doc.createdBy !== user.username) {
		return { ok: false, reason: `createdBy: must be the signed-in user ${user.username}` };
	}
	if (actions.includes('update') && doc.updatedBy !== user.username) {
		return { ok: false, reason: `updatedBy: must be the signed-in user ${user.username}` };
	}
	return { ok: true };
}

/**
 * Checks a batch. The database is asked only where the revision alone cannot tell: with
 * new_edits=true a `_rev` means an edit (PouchDB refuses it otherwise); with new_edits=false a
 * first generation (`1-…`) is a creation, and only later generations and tombstones are looked up.
 * A revision the database already holds is a no-op (a replicator retrying after a lost answer)
 * and passes unchecked.
 */
export async function checkWrites(db: Database, docs: Doc[], user: Writer, newEdits: boolean, limits: WriteLimits): Promise<WriteCheck[]> {
	// The server admin is a gateway that checked its own users' writes already.
	if (user === 'server-admin') return docs.map(() => ({ ok: true }));
	// Someone else's first revision can only pass as a replay of what is stored: look that up too.
	const lookup = (doc: Doc) =>
		typeof doc._id === 'string' &&
		!doc._id.startsWith('_local/') &&
		(doc._deleted === true || (!newEdits && (generation(doc._rev) > 1 || doc.createdBy !== user.username)));
	const ids = [...new Set(docs.filter(lookup).map((doc) => doc._id as string))];
	const existing = new Set<string>();
	if (ids.length) {
		const rows = await db.allDocs({ keys: ids });
		for (const row of rows.rows) if ('value' in row && row.value) existing.add(row.key);
	}
	let stored = new Set<string>();
	if (!newEdits && existing.size) {
		const wanted: Record<string, string[]> = {};
		for (const doc of docs) {
			if (typeof doc._id === 'string' && typeof doc._rev === 'string' && existing.has(doc._id)) (wanted[doc._id] ??= []).push(doc._rev);
		}
		const missing = Object.keys(wanted).length ? await db.revsDiff(wanted) : {};
		stored = new Set(
			Object.entries(wanted).flatMap(([id, revs]) => revs.filter((rev) => !missing[id]?.missing?.includes(rev)).map((rev) => `${id}@${rev}`))
		);
	}
	const conflictLeaves = new Set<string>();
	for (const id of new Set(docs.filter((d) => d._deleted === true && typeof d._id === 'string').map((d) => d._id as string))) {
		const current = (await db.get(id, { conflicts: true }).catch(() => undefined)) as { _conflicts?: string[] } | undefined;
		for (const rev of current?._conflicts ?? []) conflictLeaves.add(`${id}@${rev}`);
	}
	return docs.map((doc) => {
		if (stored.has(`${doc._id}@${doc._rev}`)) return { ok: true };
		const closesConflict = doc._deleted === true && conflictLeaves.has(`${doc._id}@${parentRev(doc, newEdits)}`);
		return checkWrite(doc, user, presenceOf(doc, newEdits, existing), limits, closesConflict);
	});
}

function presenceOf(doc: Doc, newEdits: boolean, existing: Set<string>): Presence {
	if (newEdits) return typeof doc._rev === 'string' ? 'existing' : 'new';
	if (generation(doc._rev) <= 1) return 'new';
	return existing.has(doc._id as string) ? 'existing' : 'new-with-history';
}

/** Revision generation: `3-abc` → 3; 0 when there is none. */
function generation(rev: unknown): number {
	return typeof rev === 'string' ? Number.parseInt(rev, 10) || 0 : 0;
}
