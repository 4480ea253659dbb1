// Stores a generated year straight into the server's storage (LevelDB, or CouchDB with COUCHDB_URL),
// the way replication stores documents: `_bulk_docs` with `new_edits:false` and each document's
// revision history, in batches. Revision ids are digests of the revisions' bodies, so a second load
// of the same year stores nothing new; a visit or tour whose id is already stored (today's seed, a
// load with another seed) is left alone rather than given a conflicting branch.
// Storage directly, not the HTTP API: a loader of demo data is the operator's tool, like the seed,
// and the rules it would pass are proven by the generator's tests and by writing a slice through
// the server as its authors (tests/integration/demo-year.test.ts).
import { createHash } from 'node:crypto';
import { localIsoDate, teamDbName, type Patient } from '../../../src/lib/domain/index.ts';
import type { Accounts } from '../accounts.ts';
import type { Storage } from '../storage.ts';
import { seedDemo, type SeedResult } from './seed.ts';
import { buildDemoOrganisation } from './demo-data.ts';
import { generateYear, NURSES, NURSING_TEAM, type Doc, type YearEntry, type YearOptions } from './year.ts';

/** Documents per `_bulk_docs`: about 1 MB of JSON, well under the request limit with COUCHDB_URL. */
export const LOAD_BATCH = 2000;

export interface LoadResult {
	/** Documents stored, per team database and type (position reports apart from status presses). */
	counts: Record<string, number>;
	stored: number;
	/** Visits and tours already stored under their id, left as they were. */
	skipped: number;
	ms: number;
}

/** `<type>` or `status (position)`: the kinds the loader counts. */
export function kindOf(doc: Doc): string {
	return doc.type === 'status' && doc.report === 'position' ? 'status (position)' : doc.type;
}

function digest(body: Doc, parentRev: string | undefined): string {
	return createHash('md5').update(`${parentRev ?? ''}\n${JSON.stringify(body)}`).digest('hex');
}

/**
 * Revision `index` of the entry as replication carries it: the body with its `_rev` and the path
 * of revision ids back to the first (`_revisions`), for `_bulk_docs` with `new_edits:false`.
 */
export function replicatedRevision(entry: YearEntry, index = entry.revisions.length - 1): Doc {
	const hashes: string[] = [];
	let rev: string | undefined;
	for (let i = 0; i <= index; i++) {
		const hash = digest(entry.revisions[i].body, rev);
		hashes.unshift(hash);
		rev = `${i + 1}-${hash}`;
	}
	return { ...entry.revisions[index].body, _rev: rev, _revisions: { start: index + 1, ids: hashes } };
}

/**
 * Types whose ids are natural keys (a day and a nurse): the same id from another seed or from the
 * demo seed is another document. Every other id holds a seeded ULID, so the same id is the same
 * revision, which `new_edits:false` stores once however often it comes.
 */
const NATURAL_KEY_PREFIXES = ['visit:', 'tour:'];

async function storeBatch(storage: Storage, dbName: string, docs: Doc[], result: LoadResult): Promise<void> {
	const db = storage.database(dbName);
	const natural = docs.filter((doc) => NATURAL_KEY_PREFIXES.some((prefix) => doc._id.startsWith(prefix)));
	const existing = natural.length ? await db.allDocs({ keys: natural.map((doc) => doc._id) }) : { rows: [] };
	const taken = new Set(existing.rows.filter((row) => !('error' in row)).map((row) => row.key));
	const fresh = docs.filter((doc) => !taken.has(doc._id));
	result.skipped += docs.length - fresh.length;
	if (fresh.length === 0) return;
	const written = await db.bulkDocs(fresh as unknown as PouchDB.Core.PutDocument<Record<string, unknown>>[], { new_edits: false });
	const failed = written.find((row) => 'error' in row && row.error);
	if (failed) throw new Error(`${dbName}: storage refused ${(failed as PouchDB.Core.Error).id}: ${(failed as PouchDB.Core.Error).name}`);
	for (const doc of fresh) {
		const key = `${dbName} ${kindOf(doc)}`;
		result.counts[key] = (result.counts[key] ?? 0) + 1;
	}
	result.stored += fresh.length;
}

/** Generates the year and stores it, a batch per team database at a time; the teams' databases must exist (seedDemo). */
export async function loadYear(storage: Storage, options: YearOptions, onProgress?: (stored: number) => void): Promise<LoadResult> {
	const start = performance.now();
	const result: LoadResult = { counts: {}, stored: 0, skipped: 0, ms: 0 };
	const pending = new Map<string, Doc[]>();
	for (const day of generateYear(options)) {
		for (const entry of day) {
			const dbName = teamDbName(entry.teamId);
			const batch = pending.get(dbName) ?? [];
			batch.push(replicatedRevision(entry));
			pending.set(dbName, batch);
			if (batch.length >= LOAD_BATCH) {
				pending.delete(dbName);
				await storeBatch(storage, dbName, batch, result);
				onProgress?.(result.stored);
			}
		}
	}
	for (const [dbName, batch] of pending) await storeBatch(storage, dbName, batch, result);
	result.ms = performance.now() - start;
	return result;
}

/** Where the nursing team's database notes the year it holds (`_local`: never replicated). */
const YEAR_MARKER = '_local/fieldcare-demo-year';

export interface YearMarker {
	seed: number;
	today: string;
	days: number;
}

/** The demo organisation's patients (demo-data.ts): the same on every day. */
export function demoPatients(today: string): Patient[] {
	return buildDemoOrganisation(today, new Date(`${today}T00:00:00Z`)).documents[NURSING_TEAM].filter((doc): doc is Patient => doc.type === 'patient');
}

/**
 * The demo organisation with a year: teams, users and patients first, then the year (oldest day
 * first, today's plan last), then what else the seed holds for today (the crew's mission). So the
 * changes feed runs in the order a real station wrote it, and a first sync meets today's tour at
 * its end, not at its start.
 */
export async function seedDemoYear(
	accounts: Accounts,
	storage: Storage,
	now: Date,
	options: Omit<YearOptions, 'patients'>,
	onProgress?: (stored: number) => void
): Promise<{ seeded: SeedResult; year: LoadResult | { loaded: YearMarker } }> {
	await seedDemo(accounts, storage, now, (doc) => doc.type === 'patient');
	// Another day's year (or another seed's) would add a second history beside the first.
	const db = storage.database(teamDbName(NURSING_TEAM));
	const loaded = await db.get<YearMarker>(YEAR_MARKER).catch(() => undefined);
	if (loaded) {
		// A later start: the seed plans a day only when the year has not planned it already.
		const tours = await db.allDocs({ keys: NURSES.map((nurse) => `tour:${localIsoDate(now)}:${nurse}`) });
		const planned = tours.rows.some((row) => !('error' in row));
		const seeded = await seedDemo(accounts, storage, now, (doc) => !planned || (doc.type !== 'visit' && doc.type !== 'tour'));
		return { seeded, year: { loaded: { seed: loaded.seed, today: loaded.today, days: loaded.days } } };
	}
	const year = await loadYear(storage, { ...options, patients: demoPatients(options.today) }, onProgress);
	await db.put({ _id: YEAR_MARKER, seed: options.seed, today: options.today, days: options.days });
	// The seed's own plan of today is not written: the year's stands under the same ids.
	const seeded = await seedDemo(accounts, storage, now, (doc) => doc.type !== 'visit' && doc.type !== 'tour');
	return { seeded, year };
}

/** The counts as lines for a terminal: database, kind, number; then the total and the time. */
export function formatLoadResult(result: LoadResult | { loaded: YearMarker }): string {
	if ('loaded' in result) return `  a year is loaded already (${result.loaded.days} days before ${result.loaded.today}, seed ${result.loaded.seed}): nothing written`;
	const lines = Object.entries(result.counts)
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([key, n]) => `  ${key.padEnd(44)} ${String(n).padStart(8)}`);
	const rate = result.ms > 0 ? Math.round((result.stored / result.ms) * 1000) : 0;
	lines.push(`  ${'stored'.padEnd(44)} ${String(result.stored).padStart(8)} in ${(result.ms / 1000).toFixed(1)} s (${rate} documents/s)`);
	if (result.skipped) lines.push(`  ${'already stored (left as they were)'.padEnd(44)} ${String(result.skipped).padStart(8)}`);
	return lines.join('\n');
}
