// Documents that aged out of the device's window leave the local database by purge: no tombstone,
// nothing replicated up, so the server and other devices keep them. Never an unsent entry: only a
// document whose every leaf the server confirms it holds (`_revs_diff`), written before the last
// sync that settled, without conflicts, goes. The replicator's checkpoint is past it, so a later
// sync does not bring it back unless the server sends a newer revision (then the server's window
// decided that the device should have it).
import type { LocalDatabase } from './local-databases.ts';
import { forgetSeriesOf } from './observation-series.ts';

/** Documents read and decided per step; the UI gets the main thread back between steps. */
export const AGE_OUT_BATCH = 200;

/** Whether a document still belongs on the device at `now` (the team's retention window). */
export type KeepOnDevice = (doc: Readonly<Record<string, unknown>>, now: Date) => boolean;

export interface AgeOutOptions {
	local: LocalDatabase;
	/** The server's copy, asked which revisions it holds. Without it nothing is removed. */
	remote: () => LocalDatabase;
	keep: KeepOnDevice;
	now: Date;
	/** Local sequence known to be on the server (TeamSync's pushed sequence): later changes are unsent. */
	pushedSeq: number;
	batchSize?: number;
	/** Between steps; by default a macrotask, so input and rendering run in between. */
	breathe?: () => Promise<void>;
	/** Removes one leaf revision without a trace; `local.purge` by default (adapter `indexeddb`). */
	purge?: (id: string, rev: string) => Promise<void>;
	/** Checked between steps: sign-out or a new sync stops the run. */
	cancelled?: () => boolean;
}

export interface AgeOutResult {
	/** Documents removed from the device. */
	removed: number;
	/** Aged-out documents kept because the server does not hold them yet, they conflict, or changed since the last sync. */
	keptUnsent: number;
	scanned: number;
}

interface Candidate {
	id: string;
	/** The patient or mission whose kept trend series (observation-series.ts) held it. */
	subjects: string[];
	/** Deleted leaves first, the winner last, so the document never shows an older state meanwhile. */
	leaves: string[];
}

const PURGE_LOG = '_local/purges';

/** `purge` exists on every database object, but only the `indexeddb` adapter implements it (and @types/pouchdb lacks it). */
interface Purgeable {
	purge(id: string, rev: string): Promise<unknown>;
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** One pass over the local database, oldest changes first, in small steps. */
export async function ageOut(options: AgeOutOptions): Promise<AgeOutResult> {
	const { local, keep, now, pushedSeq } = options;
	const limit = options.batchSize ?? AGE_OUT_BATCH;
	const breathe = options.breathe ?? nextTask;
	const purge = options.purge ?? (async (id: string, rev: string) => void (await (local as unknown as Purgeable).purge(id, rev)));
	const result: AgeOutResult = { removed: 0, keptUnsent: 0, scanned: 0 };
	let since: number | string = 0;
	for (;;) {
		if (options.cancelled?.()) break;
		const page: PouchDB.Core.ChangesResponse<Record<string, unknown>> = await local.changes({ since, limit, include_docs: true, conflicts: true, style: 'all_docs' });
		if (page.results.length === 0) break;
		since = page.last_seq;
		const candidates: Candidate[] = [];
		for (const change of page.results) {
			const doc = change.doc as (Record<string, unknown> & { _conflicts?: string[]; _deleted?: boolean }) | undefined;
			if (!doc || doc._deleted || change.id.startsWith('_')) continue;
			result.scanned++;
			if (keep(doc, now)) continue;
			// Changed after the last settled sync, or two versions a person may still have to settle: stays.
			if (Number(change.seq) > pushedSeq || (doc._conflicts?.length ?? 0) > 0) {
				result.keptUnsent++;
				continue;
			}
			const winner = String(doc._rev);
			const subjects = [doc.patientId, doc.missionId].filter((s): s is string => typeof s === 'string');
			candidates.push({ id: change.id, subjects, leaves: [...change.changes.map((c) => c.rev).filter((rev) => rev !== winner), winner] });
		}
		if (candidates.length > 0) {
			const held = await heldByServer(options.remote(), candidates);
			const touched: string[] = [];
			for (const candidate of candidates) {
				if (options.cancelled?.()) break;
				if (!held.has(candidate.id)) {
					result.keptUnsent++;
					continue;
				}
				if (await purgeLeaves(purge, candidate)) {
					result.removed++;
					touched.push(...candidate.subjects);
				} else result.keptUnsent++;
			}
			await forgetPurgeLog(local);
			await forgetSeriesOf(local, touched);
		}
		if (page.results.length < limit) break;
		await breathe();
	}
	return result;
}

/** The ids whose every leaf the server holds (`_revs_diff` names nothing missing for them). */
async function heldByServer(remote: LocalDatabase, candidates: Candidate[]): Promise<Set<string>> {
	const asked: Record<string, string[]> = {};
	for (const { id, leaves } of candidates) asked[id] = leaves;
	const missing = (await remote.revsDiff(asked)) as Record<string, { missing?: string[] }>;
	return new Set(candidates.filter(({ id }) => !(missing[id]?.missing?.length)).map(({ id }) => id));
}

/**
 * A leaf that is no longer a leaf (edited or pulled since it was read) makes PouchDB refuse the
 * purge: the document stays, as it must.
 */
async function purgeLeaves(purge: (id: string, rev: string) => Promise<void>, candidate: Candidate): Promise<boolean> {
	try {
		for (const rev of candidate.leaves) await purge(candidate.id, rev);
		return true;
	} catch {
		return false;
	}
}

/**
 * PouchDB appends every purge to `_local/purges` for map/reduce views and never trims it in the
 * browser (the limit is read from the wrong object): with thousands of purges the document would
 * be rewritten ever larger. The app has no views, so the log goes after each step.
 */
async function forgetPurgeLog(local: LocalDatabase): Promise<void> {
	try {
		await local.remove(await local.get(PURGE_LOG));
	} catch {
		// Nothing purged in this step, or already gone.
	}
}
