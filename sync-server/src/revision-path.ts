// Which revision an incoming document will be stored as, and what it claims to descend from —
// derived exactly as PouchDB's parseDoc (pouchdb-adapter-utils) and CouchDB do: with
// new_edits=false the leaf is named by `_revisions` when present (start + ids[0]), else by `_rev`;
// with new_edits=true the storage makes a new revision whose parent is `_rev`.

/** Revision hashes: CouchDB's are 32 hex digits, PouchDB's uuids without dashes; nothing else. */
const REV_HASH = /^[0-9a-zA-Z]{1,64}$/;
const REV = /^([1-9]\d{0,8})-([0-9a-zA-Z]{1,64})$/;
/** Longer histories than CouchDB's default revs_limit are stemmed by the storage anyway. */
const MAX_PATH = 1000;

export type RevisionPath =
	/** new_edits=false: the stored leaf and its claimed ancestors, leaf first. */
	| { kind: 'replicated'; leaf: string; path: string[] }
	/** new_edits=true: a new revision on top of `parent` (or a first revision when there is none). */
	| { kind: 'edit'; parent?: string };

export type PathResult = { ok: true; value: RevisionPath } | { ok: false; reason: string };

export function generationOf(rev: string): number {
	return Number.parseInt(rev, 10);
}

function isRevision(value: unknown): value is string {
	return typeof value === 'string' && REV.test(value);
}

/** The revision path of one incoming document, or why it cannot be one. */
export function revisionPath(doc: Record<string, unknown>, newEdits: boolean): PathResult {
	const rev = doc._rev;
	if (rev !== undefined && !isRevision(rev)) return { ok: false, reason: '_rev: must be a revision "<generation>-<hash>"' };
	if (newEdits) return { ok: true, value: { kind: 'edit', parent: rev } };

	const revisions = doc._revisions;
	if (revisions === undefined) {
		if (rev === undefined) return { ok: false, reason: '_rev: required with new_edits=false' };
		return { ok: true, value: { kind: 'replicated', leaf: rev, path: [rev] } };
	}
	const { start, ids } = (revisions ?? {}) as { start?: unknown; ids?: unknown };
	if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_PATH || !ids.every((id) => typeof id === 'string' && REV_HASH.test(id))) {
		return { ok: false, reason: `_revisions.ids: must be 1–${MAX_PATH} revision hashes` };
	}
	if (typeof start !== 'number' || !Number.isSafeInteger(start) || start < ids.length || start > 999_999_999) {
		return { ok: false, reason: '_revisions.start: must be the generation of the first id, at least the number of ids' };
	}
	const path = (ids as string[]).map((id, i) => `${start - i}-${id}`);
	// Both storages take the leaf from _revisions; a different _rev beside it can only mislead a check.
	if (rev !== undefined && rev !== path[0]) return { ok: false, reason: '_rev: differs from the leaf named by _revisions' };
	return { ok: true, value: { kind: 'replicated', leaf: path[0], path } };
}
