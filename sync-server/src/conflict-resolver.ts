// Settles conflicts on the server, right after a replicator stored conflicting revisions, so every
// device pulls one merged document. What cannot be merged safely stays a conflict for a person
// (the app's "Konflikte" screen); no revision is dropped: losing leaves are closed with tombstones
// and their differing values kept in `mergeHistory`.
import { MERGEABLE_TYPES, mergeRevisions, typeOfId, validateDocument, type Revision } from '../../src/lib/domain/index.ts';
import type { Database } from './storage.ts';

export interface ResolveOutcome {
	merged: string[];
	manual: string[];
}

export async function resolveConflicts(db: Database, ids: Iterable<string>): Promise<ResolveOutcome> {
	const outcome: ResolveOutcome = { merged: [], manual: [] };
	for (const id of new Set(ids)) {
		const type = typeOfId(id);
		if (!type || !MERGEABLE_TYPES.includes(type)) continue;
		const winner = (await db.get(id, { conflicts: true }).catch(() => undefined)) as (Revision & { _conflicts?: string[] }) | undefined;
		if (!winner?._conflicts?.length) continue;
		const others = (await Promise.all(winner._conflicts.map((rev) => db.get(id, { rev })))) as unknown as Revision[];
		const result = mergeRevisions(type, winner, others);
		if (result.kind === 'manual' || !validateDocument(result.doc).ok) {
			outcome.manual.push(id);
			continue;
		}
		const tombstones = others.map((leaf) => ({ _id: id, _rev: leaf._rev, _deleted: true }));
		const written = await db.bulkDocs([result.doc, ...tombstones] as PouchDB.Core.PutDocument<Record<string, unknown>>[]);
		// A leaf that changed meanwhile answers 409: the next write of this document tries again.
		if (written.every((r) => 'ok' in r && r.ok)) outcome.merged.push(id);
	}
	return outcome;
}
