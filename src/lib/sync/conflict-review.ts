// Conflicts a person settles on the "Konflikte" screen: finding them, showing what differs, and
// writing the decision (the chosen revision plus tombstones that close the other leaves).
import { differingFields, MERGEABLE_TYPES, settleByChoice, typeOfId, typeRange, type DocType, type FieldDisagreement, type FieldEdit, type Revision } from '../domain/index.ts';

type Db = PouchDB.Database<Record<string, unknown>>;

export interface ConflictCase {
	id: string;
	type: DocType;
	winner: Revision;
	others: Revision[];
	disagreements: FieldDisagreement[];
}

/** Tracks which documents of a database have conflicts, reading only what changed since last time. */
export class ConflictTracker {
	readonly #ids = new Set<string>();
	#since: number | string = 0;

	get ids(): string[] {
		return [...this.#ids].sort();
	}

	async refresh(db: Db): Promise<number> {
		if (this.#since === 0) {
			// First look: only the mutable types, not the (many) append-only observations.
			this.#since = (await db.info()).update_seq;
			for (const type of MERGEABLE_TYPES) {
				const rows = await db.allDocs({ ...typeRange(type), include_docs: true, conflicts: true });
				for (const row of rows.rows) if ((row.doc as { _conflicts?: string[] } | undefined)?._conflicts?.length) this.#ids.add(row.id);
			}
		}
		const changes = await db.changes({ since: this.#since, include_docs: true, conflicts: true });
		for (const change of changes.results) {
			const type = typeOfId(change.id);
			if (!type || !MERGEABLE_TYPES.includes(type)) continue;
			if ((change.doc as { _conflicts?: string[] } | undefined)?._conflicts?.length && !change.deleted) this.#ids.add(change.id);
			else this.#ids.delete(change.id);
		}
		this.#since = changes.last_seq;
		return this.#ids.size;
	}
}

export async function loadConflict(db: Db, id: string): Promise<ConflictCase | undefined> {
	const type = typeOfId(id);
	if (!type) return undefined;
	const winner = (await db.get(id, { conflicts: true }).catch(() => undefined)) as (Revision & { _conflicts?: string[] }) | undefined;
	if (!winner?._conflicts?.length) return undefined;
	const others = (await Promise.all(winner._conflicts.map((rev) => db.get(id, { rev })))) as unknown as Revision[];
	return { id, type, winner, others, disagreements: differingFields([winner, ...others]) };
}

export async function settleConflict(db: Db, conflict: ConflictCase, choice: Record<string, string>, edit: FieldEdit): Promise<void> {
	const settled = settleByChoice(conflict.winner, conflict.others, choice, edit);
	const tombstones = conflict.others.map((leaf) => ({ _id: conflict.id, _rev: leaf._rev, _deleted: true }));
	const results = await db.bulkDocs([settled, ...tombstones] as PouchDB.Core.PutDocument<Record<string, unknown>>[]);
	const failed = results.find((r) => 'error' in r && r.error);
	if (failed) throw Object.assign(new Error('the document changed while you decided; please look again'), { status: 409 });
}
