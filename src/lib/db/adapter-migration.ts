// Team databases move once from PouchDB's `idb` adapter (no purge, so nothing could ever age out)
// to the `indexeddb` adapter, without keeping anyone waiting: a device that holds years of history
// would otherwise sit on a blocked first start for minutes (~27 s per 10,000 documents).
//   1. Copy (`copyForMove`), in the background of a session that goes on working on the old
//      database: every document the server has (its latest change at or before the pushed
//      sequence), each leaf with its history and conflicts, batch by batch from a checkpoint.
//   2. Switch (`finishMove`), at the next start before the session opens: the sent documents that
//      changed since the copy, then the pushed sequence in the new database's numbers, then the
//      unsent ones after it — so exactly the entries the server has not confirmed are unsent. The
//      document counts are compared and the old database destroyed.
// The old database is the truth until the switch is done. Checkpoints of the sync with the server
// are not copied: the first sync after the switch re-reads the feeds and finds every revision
// present (`_revs_diff`). Local replication is not used: it writes a batch in id order (the
// `indexeddb` adapter), so sent and unsent documents could not be told apart by sequence.
import type { LocalDatabase } from './local-databases.ts';

/** Documents per batch (see REPLICATION_BATCH in sync/team-sync.ts). */
const COPY_BATCH = 500;

export interface AdapterMigrationState {
	/** A background copy (step 1) has begun: a later session resumes it from `copiedSeq` rather than starting afresh. */
	copying?: boolean;
	/** The old database's sequence up to which the copy has read. */
	copiedSeq?: number;
	/** The background copy has been made; the switch catches up with what changed since. */
	copied?: boolean;
	/** The pushed sequence in the old database's numbers, kept from the start of a switch until it is done. */
	oldPushedSeq?: number;
	done: boolean;
}

export interface AdapterMigrationOptions {
	/** Whether the old database exists, asked without creating it. */
	sourceExists: () => Promise<boolean>;
	openSource: () => LocalDatabase;
	openTarget: () => LocalDatabase;
	loadState: () => Promise<AdapterMigrationState | undefined>;
	saveState: (state: AdapterMigrationState) => Promise<void>;
	loadPushedSeq: () => Promise<number>;
	savePushedSeq: (seq: number) => Promise<void>;
}

/** `moved`/`old-removed`/`nothing-to-move`: the session opens the new database; `not-copied`: the old one, and copies. */
export type AdapterMigrationOutcome = 'nothing-to-move' | 'moved' | 'old-removed' | 'not-copied';

export class AdapterMigrationError extends Error {
	override name = 'AdapterMigrationError';
}

/** Step 2 at a start, when step 1 is done; says which database the session opens. */
export async function finishMove(o: AdapterMigrationOptions): Promise<AdapterMigrationOutcome> {
	if (!(await o.sourceExists())) return 'nothing-to-move';
	const state = await o.loadState();
	if (state?.done) {
		// Switched before, but the old database could not be removed then.
		await o.openSource().destroy();
		return 'old-removed';
	}
	if (!state?.copied) {
		// A switch of an earlier version that died half-way: the pushed sequence goes back to the old numbers.
		if (state?.oldPushedSeq !== undefined) {
			await o.savePushedSeq(state.oldPushedSeq);
			await o.saveState({ done: false });
		}
		return 'not-copied';
	}
	const source = o.openSource();
	const target = o.openTarget();
	const oldPushedSeq = state.oldPushedSeq ?? (await o.loadPushedSeq());
	await o.saveState({ ...state, oldPushedSeq, done: false });
	await copyChanges(source, target, Math.min(state.copiedSeq ?? 0, oldPushedSeq), oldPushedSeq);
	const newPushedSeq = Number((await target.info()).update_seq) || 0;
	await copyChanges(source, target, oldPushedSeq, Infinity);
	const [before, after] = await Promise.all([source.info(), target.info()]);
	if (before.doc_count !== after.doc_count) {
		throw new AdapterMigrationError(`copy holds ${after.doc_count} of ${before.doc_count} documents`);
	}
	await o.savePushedSeq(newPushedSeq);
	await o.saveState({ copied: true, oldPushedSeq, done: true });
	await source.destroy();
	// The session opens its own handle on it.
	await target.close();
	return 'moved';
}

export interface BackgroundCopy {
	/** Settles when the copy is made (and marked so) or was cancelled. */
	finished: Promise<'copied' | 'cancelled'>;
	cancel(): void;
}

/**
 * Step 1, beside a session working on `source` (the session's own handle: a second `idb` handle
 * would share its connection and close it with itself). A copy begun in an earlier session resumes
 * from its checkpoint; anything else in the new database's place is not a copy of this one and goes.
 */
export function copyForMove(source: LocalDatabase, o: Pick<AdapterMigrationOptions, 'openTarget' | 'loadState' | 'saveState' | 'loadPushedSeq'>): BackgroundCopy {
	let cancelled = false;
	const finished = (async () => {
		let state = await o.loadState();
		if (!state?.copying) {
			await o.openTarget().destroy();
			state = { copying: true, copiedSeq: 0, done: false };
			await o.saveState(state);
		}
		const target = o.openTarget();
		try {
			const copiedSeq = await copyChanges(source, target, state.copiedSeq ?? 0, await o.loadPushedSeq(), {
				cancelled: () => cancelled,
				checkpoint: (seq) => o.saveState({ copying: true, copiedSeq: seq, done: false })
			});
			if (cancelled) return 'cancelled' as const;
			await o.saveState({ copying: true, copiedSeq, copied: true, done: false });
			return 'copied' as const;
		} finally {
			await target.close();
		}
	})();
	return {
		finished,
		cancel: () => {
			cancelled = true;
		}
	};
}

type Leaf = PouchDB.Core.Document<Record<string, unknown>> & PouchDB.Core.GetMeta;

/**
 * Copies the documents whose latest change in `source` lies after `from` and at or before `to`:
 * every leaf (conflicts and deleted ones too) with its history and attachments, as replication
 * stores them. Returns the sequence read up to.
 */
async function copyChanges(
	source: LocalDatabase,
	target: LocalDatabase,
	from: number,
	to: number,
	control: { cancelled?: () => boolean; checkpoint?: (seq: number) => Promise<void> } = {}
): Promise<number> {
	let since = from;
	while (!control.cancelled?.()) {
		const { results } = await source.changes({ since, limit: COPY_BATCH, style: 'all_docs' });
		const rows = results.filter((row) => Number(row.seq) <= to);
		if (rows.length > 0) {
			const wanted = rows.flatMap((row) => row.changes.map(({ rev }) => ({ id: row.id, rev })));
			const { results: read } = await source.bulkGet({ docs: wanted, revs: true, attachments: true });
			const leaves = read.flatMap((entry) => entry.docs.flatMap((doc) => ('ok' in doc ? [doc.ok as Leaf] : [])));
			if (leaves.length !== wanted.length) throw new AdapterMigrationError(`read ${leaves.length} of ${wanted.length} revisions`);
			await target.bulkDocs(leaves, { new_edits: false });
			since = Number(rows[rows.length - 1].seq);
			await control.checkpoint?.(since);
		}
		if (rows.length < COPY_BATCH) break;
	}
	return since;
}
