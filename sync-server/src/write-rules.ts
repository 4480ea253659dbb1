// What may be written to a team database: every incoming revision is checked before it is stored
// (PUT, DELETE, _bulk_docs, and replication with new_edits=false alike).
import { mayWrite, typeOfId, validateDocument, type UserProfile, type WriteAction } from '../../src/lib/domain/index.ts';
import type { Writer } from './auth.ts';
import type { Database } from './storage.ts';

export type WriteCheck = { ok: true } | { ok: false; reason: string };
type Doc = Record<string, unknown>;

export interface WriteLimits {
	maxAttachmentBytes: number;
}

/** Decoded size of base64 text without decoding it. */
function base64Bytes(data: string): number {
	const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
	return Math.floor((data.length * 3) / 4) - padding;
}

function checkAttachments(doc: Doc, limits: WriteLimits): WriteCheck {
	const attachments = doc._attachments;
	if (attachments === undefined) return { ok: true };
	if (typeof attachments !== 'object' || attachments === null || Array.isArray(attachments)) {
		return { ok: false, reason: '_attachments: must be an object' };
	}
	for (const [name, meta] of Object.entries(attachments as Record<string, unknown>)) {
		const { data, stub, content_type } = (meta ?? {}) as { data?: unknown; stub?: unknown; content_type?: unknown };
		if (stub === true) continue;
		if (typeof data !== 'string' || typeof content_type !== 'string') {
			return { ok: false, reason: `_attachments.${name}: needs base64 data and a content_type` };
		}
		if (base64Bytes(data) > limits.maxAttachmentBytes) {
			return { ok: false, reason: `_attachments.${name}: larger than ${limits.maxAttachmentBytes / 1024 / 1024} MB` };
		}
	}
	return { ok: true };
}

/** The revision a new one grows from: `_rev` with new_edits=true, the second of `_revisions` otherwise. */
function parentRev(doc: Doc, newEdits: boolean): string | undefined {
	if (newEdits) return typeof doc._rev === 'string' ? doc._rev : undefined;
	const revisions = doc._revisions as { start?: number; ids?: string[] } | undefined;
	if (!revisions?.start || !revisions.ids || revisions.ids.length < 2) return undefined;
	return `${revisions.start - 1}-${revisions.ids[1]}`;
}

/**
 * One revision, given whether its document is already in the database and whether it closes a
 * losing conflict leaf (a tombstone on a non-winning leaf resolves a conflict; it deletes nothing).
 */
export function checkWrite(doc: Doc, user: UserProfile, exists: boolean, limits: WriteLimits, closesConflict = false): WriteCheck {
	const id = doc._id;
	if (typeof id !== 'string' || id === '') return { ok: false, reason: '_id: must be a non-empty string' };
	if (id.startsWith('_design/')) return { ok: false, reason: 'design documents are managed by the server' };
	// Replication checkpoints are the client's own bookkeeping.
	if (id.startsWith('_local/')) return { ok: true };

	const type = typeOfId(id);
	if (!type) return { ok: false, reason: '_id: must start with a document type, e.g. "patient:"' };
	const action: WriteAction = doc._deleted === true && !closesConflict ? 'delete' : exists ? 'update' : 'create';
	const allowed = mayWrite(user.role, type, action);
	if (!allowed.ok) return allowed;
	if (action === 'delete' || doc._deleted === true) return { ok: true };

	const result = validateDocument(doc);
	if (!result.ok) return { ok: false, reason: result.reason };
	const attachments = checkAttachments(doc, limits);
	if (!attachments.ok) return attachments;
	// Nobody writes in another person's name.
	if (action === 'create' && doc.createdBy !== user.username) {
		return { ok: false, reason: `createdBy: must be the signed-in user ${user.username}` };
	}
	if (action === 'update' && doc.updatedBy !== user.username) {
		return { ok: false, reason: `updatedBy: must be the signed-in user ${user.username}` };
	}
	return { ok: true };
}

/**
 * Checks a batch against the database's state. A revision the database already holds is a no-op
 * (a replicator retrying after a lost answer) and passes unchecked.
 */
export async function checkWrites(db: Database, docs: Doc[], user: Writer, newEdits: boolean, limits: WriteLimits): Promise<WriteCheck[]> {
	// The server admin is a gateway that checked its own users' writes already.
	if (user === 'server-admin') return docs.map(() => ({ ok: true }));
	const ids = [...new Set(docs.map((d) => d._id).filter((id): id is string => typeof id === 'string' && !id.startsWith('_local/')))];
	const existing = new Set<string>();
	if (ids.length) {
		const rows = await db.allDocs({ keys: ids });
		for (const row of rows.rows) if ('value' in row && row.value) existing.add(row.key);
	}
	let stored = new Set<string>();
	if (!newEdits) {
		const wanted: Record<string, string[]> = {};
		for (const doc of docs) if (typeof doc._id === 'string' && typeof doc._rev === 'string') (wanted[doc._id] ??= []).push(doc._rev);
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
		return checkWrite(doc, user, typeof doc._id === 'string' && existing.has(doc._id), limits, closesConflict);
	});
}
