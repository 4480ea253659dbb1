// What may be written to a team database. One rule on every path (PUT, DELETE, _bulk_docs,
// attachments, replication with new_edits=false): no revision reaches storage unless the exact
// revision that will be stored passed the schema and the rights check against the stored revision
// it grows from. Only a revision the database already holds passes unchecked (a replicator
// retrying after a lost answer stores nothing).
import { createHash } from 'node:crypto';
import {
	checkCreation,
	checkCreationWithHistory,
	checkDeletion,
	checkEdit,
	idProblem,
	namedRevisions,
	typeOfId,
	validateDocument,
	type DocType,
	type UserProfile
} from '../../src/lib/domain/index.ts';
import type { Writer } from './auth.ts';
import { generationOf, revisionPath, type RevisionPath } from './revision-path.ts';
import type { Database } from './storage.ts';

type Doc = Record<string, unknown>;

/** A refusal names CouchDB's wire error: `forbidden` by rule, `conflict` where storage would refuse too. */
export type WriteCheck = { ok: true } | { ok: false; error: 'forbidden' | 'conflict'; reason: string };

/**
 * Largest document body, attachments not counted (they have their own limit). The schemas cap
 * every field they know, but let unknown fields through (looseObject): without this a member
 * could store and replicate a document as large as the request body limit to every device.
 */
export const MAX_DOCUMENT_BYTES = 1024 * 1024;
/** A PouchDB checkpoint keeps five sessions of history: a few hundred bytes. */
export const MAX_LOCAL_BYTES = 64 * 1024;
/** Revision trees read in parallel while checking a batch. */
const TREE_READS_AT_ONCE = 16;

const forbidden = (reason: string): WriteCheck => ({ ok: false, error: 'forbidden', reason });
const conflict: WriteCheck = { ok: false, error: 'conflict', reason: 'Document update conflict.' };

function documentBytes(doc: Doc): number {
	const { _attachments: _, ...body } = doc;
	return Buffer.byteLength(JSON.stringify(body));
}

/** The stored revisions of one document: every revision on a leaf's path, and the leaves' bodies. */
interface StoredTree {
	revisions: Set<string>;
	leaves: Map<string, Doc>;
	winner: Doc;
}

/** CouchDB's winning leaf: live before deleted, then the highest generation, then the highest hash. */
function winningLeaf(leaves: Doc[]): Doc {
	const live = leaves.filter((leaf) => leaf._deleted !== true);
	const rank = (leaf: Doc): [number, string] => {
		const rev = String(leaf._rev);
		return [generationOf(rev), rev.slice(rev.indexOf('-') + 1)];
	};
	return (live.length ? live : leaves).reduce((best, leaf) => {
		const [[generation, hash], [bestGeneration, bestHash]] = [rank(leaf), rank(best)];
		return generation > bestGeneration || (generation === bestGeneration && hash > bestHash) ? leaf : best;
	});
}

async function storedTree(db: Database, id: string): Promise<StoredTree | undefined> {
	const rows = (await db.get(id, { open_revs: 'all', revs: true } as PouchDB.Core.GetOptions).catch((err: { status?: number }) => {
		if (err.status === 404) return [];
		throw err;
	})) as unknown as { ok?: Doc }[];
	const leaves = rows.flatMap((row) => (row.ok ? [row.ok] : []));
	if (!leaves.length) return undefined;
	const revisions = new Set<string>();
	for (const leaf of leaves) {
		// revs=true gives every leaf its path; the leaf alone counts where a storage leaves it out.
		const path = leaf._revisions as { start: number; ids: string[] } | undefined;
		if (path) path.ids.forEach((hash, i) => revisions.add(`${path.start - i}-${hash}`));
		else revisions.add(String(leaf._rev));
		delete leaf._revisions;
	}
	return { revisions, leaves: new Map(leaves.map((leaf) => [String(leaf._rev), leaf])), winner: winningLeaf(leaves) };
}

/** The body of a stored revision: a leaf we hold, or read (undefined when storage compacted it away). */
async function revisionBody(db: Database, id: string, tree: StoredTree, rev: string): Promise<Doc | undefined> {
	return tree.leaves.get(rev) ?? (await db.get(id, { rev }).catch(() => undefined));
}

/** `md5-<base64>` as CouchDB and PouchDB digest attachment bytes; stubs carry theirs. */
function attachmentDigests(doc: Doc): Record<string, string> {
	const digests: Record<string, string> = {};
	for (const [name, meta] of Object.entries((doc._attachments ?? {}) as Record<string, { data?: unknown; digest?: unknown }>)) {
		if (typeof meta?.data === 'string') digests[name] = `md5-${createHash('md5').update(new Uint8Array(Buffer.from(meta.data, 'base64'))).digest('base64')}`;
		else digests[name] = String(meta?.digest);
	}
	return digests;
}

function sameAttachments(a: Doc, b: Doc): boolean {
	const [x, y] = [attachmentDigests(a), attachmentDigests(b)];
	return Object.keys(x).length === Object.keys(y).length && Object.entries(x).every(([name, digest]) => y[name] === digest);
}

/** Schema and size of a revision that carries content (its attachments were checked before: checked-write.ts). */
function checkContent(doc: Doc): WriteCheck {
	const result = validateDocument(doc);
	if (!result.ok) return forbidden(result.reason);
	if (documentBytes(doc) > MAX_DOCUMENT_BYTES) return forbidden(`document: larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB without attachments`);
	return { ok: true };
}

const asCheck = (check: { ok: true } | { ok: false; reason: string }): WriteCheck => (check.ok ? check : forbidden(check.reason));

/** An edit of `parent` (a stored revision) into `doc`, with what the policy needs to judge it. */
async function judgeEdit(db: Database, id: string, type: DocType, tree: StoredTree, parent: Doc, doc: Doc, user: UserProfile, now: number): Promise<WriteCheck> {
	// On a tombstone the document is created anew under its old id — unless a live revision
	// stands beside it: then this is an edit of what stands.
	if (parent._deleted === true) {
		if (tree.winner._deleted === true) return asCheck(checkCreation(doc, type, user, now));
		parent = tree.winner;
	}
	const revisions = new Map(tree.leaves);
	for (const rev of namedRevisions(doc)) {
		if (revisions.has(rev) || !tree.revisions.has(rev)) continue;
		const body = await db.get(id, { rev }).catch(() => undefined);
		if (body) revisions.set(rev, body);
	}
	return asCheck(checkEdit(parent, doc, type, user, { now, revisions, attachmentsChanged: !sameAttachments(parent, doc) }));
}

/** The live winner a tombstone on a losing leaf settles a conflict for; undefined when it deletes the document. */
function conflictWinner(tree: StoredTree, parentRev: string): Doc | undefined {
	return tree.leaves.has(parentRev) && tree.winner._rev !== parentRev && tree.winner._deleted !== true ? tree.winner : undefined;
}

async function judge(db: Database, doc: Doc, path: RevisionPath, tree: StoredTree | undefined, user: UserProfile, now: number): Promise<WriteCheck> {
	const id = doc._id as string;
	const type = typeOfId(id);
	if (!type) return forbidden('_id: must start with a document type, e.g. "patient:"');
	const deleted = doc._deleted === true;
	if (deleted) {
		// PouchDB's remove() and the app write bare tombstones; content in one would be a stored
		// revision nobody checked as content.
		const content = Object.keys(doc).filter((field) => !field.startsWith('_'));
		if (content.length) return forbidden(`a deletion carries no content (found ${content.slice(0, 3).join(', ')})`);
	} else {
		const content = checkContent(doc);
		if (!content.ok) return content;
	}

	if (path.kind === 'edit') {
		if (!path.parent) {
			if (deleted) return conflict;
			// Without a _rev, storage creates the document, or answers 409 when a live revision exists.
			if (tree && tree.winner._deleted !== true) return conflict;
			return asCheck(checkCreation(doc, type, user, now));
		}
		// Storage accepts a new revision only on a leaf.
		const parent = tree?.leaves.get(path.parent);
		if (!tree || !parent) return conflict;
		if (deleted) return asCheck(checkDeletion(parent, type, user, conflictWinner(tree, path.parent)));
		return judgeEdit(db, id, type, tree, parent, doc, user, now);
	}

	if (!tree) {
		if (deleted) return asCheck(checkDeletion(undefined, type, user));
		return asCheck(generationOf(path.leaf) === 1 ? checkCreation(doc, type, user, now) : checkCreationWithHistory(doc, type, user, now));
	}
	// The nearest ancestor the server holds is what this revision was edited from.
	const parentRev = path.path.slice(1).find((rev) => tree.revisions.has(rev));
	if (deleted) {
		if (!parentRev) return forbidden('a deletion must grow on a revision the server holds');
		return asCheck(checkDeletion(await revisionBody(db, id, tree, parentRev), type, user, conflictWinner(tree, parentRev)));
	}
	// A history unrelated to the stored one (a second first revision, an invented chain) is an edit
	// of the document as it stands; so is one whose parent's body storage no longer keeps.
	const parent = (parentRev && (await revisionBody(db, id, tree, parentRev))) || tree.winner;
	return judgeEdit(db, id, type, tree, parent, doc, user, now);
}

/**
 * Checks a batch against the stored revision trees. `now` is the server's clock (edit stamps and
 * event times may not lie beyond it).
 */
export async function checkWrites(db: Database, docs: Doc[], user: Writer, newEdits: boolean, now = Date.now()): Promise<WriteCheck[]> {
	// The server admin is a gateway that checked its own users' writes already.
	if (user === 'server-admin') return docs.map(() => ({ ok: true }));
	const paths = docs.map((doc) => {
		const id = doc._id;
		if (typeof id !== 'string' || id === '') return { ok: false as const, reason: '_id: must be a non-empty string' };
		const badId = idProblem(id);
		if (badId) return { ok: false as const, reason: `_id: ${badId}` };
		if (id.startsWith('_design/')) return { ok: false as const, reason: 'design documents are managed by the server' };
		if (id.startsWith('_local/')) return { ok: true as const, value: undefined };
		return revisionPath(doc, newEdits);
	});
	const ids = [...new Set(docs.filter((_, i) => paths[i].ok && paths[i].value).map((doc) => doc._id as string))];
	const trees = new Map<string, StoredTree | undefined>();
	// A few reads at a time: storage answers them concurrently (three times faster than one
	// _all_docs with keys on LevelDB), and an existing document's tree comes with the answer.
	for (let i = 0; i < ids.length; i += TREE_READS_AT_ONCE) {
		const chunk = ids.slice(i, i + TREE_READS_AT_ONCE);
		const read = await Promise.all(chunk.map((id) => storedTree(db, id)));
		chunk.forEach((id, j) => trees.set(id, read[j]));
	}

	const checks: WriteCheck[] = [];
	for (const [i, doc] of docs.entries()) {
		const path = paths[i];
		if (!path.ok) {
			checks.push(forbidden(path.reason));
			continue;
		}
		if (!path.value) {
			// Replication checkpoints are the client's own bookkeeping: small, never replicated.
			checks.push(documentBytes(doc) > MAX_LOCAL_BYTES ? forbidden(`_local documents are checkpoints, at most ${MAX_LOCAL_BYTES / 1024} kB`) : { ok: true });
			continue;
		}
		const tree = trees.get(doc._id as string);
		if (path.value.kind === 'replicated' && tree?.revisions.has(path.value.leaf)) {
			checks.push({ ok: true });
			continue;
		}
		// Storage with new_edits=true ignores _revisions (PouchDB) or reads it (CouchDB): never pass it on.
		if (newEdits) delete doc._revisions;
		checks.push(await judge(db, doc, path.value, tree, user, now));
	}
	return checks;
}

const writeQueues = new WeakMap<Database, Promise<unknown>>();

/**
 * Runs `write` after every earlier write to the same database has finished: between a check and
 * the store it guards, no other write of this server changes the revision tree.
 */
export function serialised<T>(db: Database, write: () => Promise<T>): Promise<T> {
	const previous = writeQueues.get(db) ?? Promise.resolve();
	const next = previous.then(write, write);
	writeQueues.set(db, next.catch(() => undefined));
	return next;
}
