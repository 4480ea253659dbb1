// Team databases move once from PouchDB's `idb` adapter (no purge, so nothing could ever age out)
// to the `indexeddb` adapter. The old database is the truth until the copy is whole: every leaf
// with its history and conflicts is replicated locally, the sent documents first and the unsent
// ones after them, so that the pushed sequence can be given in the new database's numbers and an
// unsent entry stays unsent. Then the old one is destroyed. Checkpoints are not copied: the first
// sync after the move re-reads the feeds and finds every revision present (`_revs_diff`).
import type { LocalDatabase } from './local-databases.ts';

/** Documents per local replication batch (see REPLICATION_BATCH in sync/team-sync.ts). */
const COPY_BATCH = 500;

export interface AdapterMigrationState {
	/** The pushed sequence in the old database's numbers, kept until the move is done. */
	oldPushedSeq: number;
	done: boolean;
}

export interface AdapterMigrationOptions {
	/** Whether the old database exists, asked without creating it. */
	sourceExists: () => Promise<boolean>;
	openSource: () => LocalDatabase;
	/** The new database, empty: what an interrupted earlier move left in it is destroyed. */
	openEmptyTarget: () => Promise<LocalDatabase>;
	loadState: () => Promise<AdapterMigrationState | undefined>;
	saveState: (state: AdapterMigrationState) => Promise<void>;
	loadPushedSeq: () => Promise<number>;
	savePushedSeq: (seq: number) => Promise<void>;
}

export type AdapterMigrationOutcome = 'nothing-to-move' | 'moved' | 'old-removed';

export class AdapterMigrationError extends Error {
	override name = 'AdapterMigrationError';
}

export async function migrateAdapter(o: AdapterMigrationOptions): Promise<AdapterMigrationOutcome> {
	if (!(await o.sourceExists())) return 'nothing-to-move';
	const source = o.openSource();
	const state = await o.loadState();
	if (state?.done) {
		// Moved before, but the old database could not be removed then.
		await source.destroy();
		return 'old-removed';
	}
	const oldPushedSeq = state?.oldPushedSeq ?? (await o.loadPushedSeq());
	await o.saveState({ oldPushedSeq, done: false });

	const target = await o.openEmptyTarget();
	const unsent = new Set((await source.changes({ since: oldPushedSeq })).results.map((change) => change.id));
	await source.replicate.to(target, { batch_size: COPY_BATCH, filter: (doc: { _id: string }) => !unsent.has(doc._id) });
	const newPushedSeq = Number((await target.info()).update_seq) || 0;
	await source.replicate.to(target, { batch_size: COPY_BATCH });

	const [before, after] = await Promise.all([source.info(), target.info()]);
	if (before.doc_count !== after.doc_count) {
		throw new AdapterMigrationError(`copy holds ${after.doc_count} of ${before.doc_count} documents`);
	}
	await o.savePushedSeq(newPushedSeq);
	await o.saveState({ oldPushedSeq, done: true });
	await source.destroy();
	// The session opens its own handle on it.
	await target.close();
	return 'moved';
}
