// The replication feed of a device user, bounded by its retention window (issue 12, PROTOCOL.md
// "Retention window"). A first sync (`since=0`, or a token of another window) is a snapshot read
// from Mango indexes in priority order; its rows carry resumable tokens
// `w1.<window>.<S>.<cursor>`, S being the storage's update_seq when the snapshot began. After the
// snapshot the feed is the storage's changes since S, rows outside the window dropped, seqs
// wrapped as `w1.<window>.<seq>`. The same `find` runs on LevelDB (pouchdb-find's views) and on
// CouchDB 3 (its native `_find`), so the cost follows the window, not the history.
import * as v from 'valibot';
import {
	DOC_TYPES,
	isInCutoffs,
	isOpenConsult,
	OPEN_MISSION_STATES,
	OPEN_VISIT_STATUSES,
	windowCutoffs,
	windowKey,
	WINDOWED_TYPES,
	type RetentionSetting,
	type WindowCutoffs
} from '../../src/lib/domain/index.ts';
import { CouchError } from './errors.ts';
import type { Database } from './storage.ts';

export const TOKEN_PREFIX = 'w1.';
const MAX_TOKEN_LENGTH = 4096;
/** A cursor never skips more rows than this (ties at one time, or open items of one kind). */
const MAX_CURSOR_SKIP = 100_000;
/** Rows of one answer when the client names no limit (PouchDB asks for 100). */
const DEFAULT_PAGE = 1_000;
/** Open missions and acknowledgements are read whole; more than this is not a station. */
const MAX_CONTEXT_ROWS = 10_000;
const INDEX_PREFIX = 'fieldcare-window-';
/** Bound of the counts a token carries (a window of ten million documents is not a device's). */
const MAX_SNAPSHOT_ROWS = 10_000_000;
/** Rows per query when the snapshot is counted. */
const COUNT_PAGE = 5_000;
/** Documents that may have several leaves (edited, merged); the others are append-only. */
const MUTABLE_TYPES = new Set(['patient', 'visit', 'tour', 'mission']);
/** Ids per `_doc_ids` request (CouchDB looks them up by id up to its threshold, 100 by default). */
const DOC_IDS_CHUNK = 100;

type Seq = number | string;
type Doc = Record<string, unknown> & { _id: string; _rev?: string; _conflicts?: string[] };
export type WindowChange = { id: string; seq: string; changes: { rev: string }[]; deleted?: true; doc?: Doc };

/** Mango indexes the snapshot reads; created once per database (`createIndex` is idempotent). */
const INDEXES: Record<string, string[]> = {
	'type-date': ['type', 'date'],
	'type-effectiveAt': ['type', 'effectiveAt'],
	'type-createdAt': ['type', 'createdAt'],
	'type-alarmedAt': ['type', 'alarmedAt'],
	'type-at': ['type', 'at'],
	'type-report-at': ['type', 'report', 'at'],
	'type-status': ['type', 'status'],
	'type-state': ['type', 'state'],
	'type-unitId-at': ['type', 'unitId', 'at'],
	missionId: ['missionId']
};
type IndexName = keyof typeof INDEXES;

const ready = new WeakMap<Database, Promise<void>>();

export function ensureWindowIndexes(db: Database): Promise<void> {
	let pending = ready.get(db);
	if (!pending) {
		pending = (async () => {
			for (const [name, fields] of Object.entries(INDEXES)) {
				await db.createIndex({ index: { fields, name, ddoc: INDEX_PREFIX + name } });
			}
		})();
		pending.catch(() => ready.delete(db));
		ready.set(db, pending);
	}
	return pending;
}

/**
 * Creates the indexes and brings them up to date (on LevelDB a view is built by its first query),
 * so that the first device after a start does not pay for the whole history. Call it in the background.
 */
export async function warmWindowIndexes(db: Database): Promise<void> {
	await ensureWindowIndexes(db);
	for (const [name, fields] of Object.entries(INDEXES)) {
		await db.find({ selector: { [fields[0]]: '\u0000' }, limit: 1, use_index: [INDEX_PREFIX + name, name] } as PouchDB.Find.FindRequest<object>);
	}
}

// --- tokens -------------------------------------------------------------------------------

const CursorSchema = v.strictObject({
	/** Key of the phase the cursor is in. */
	p: v.pipe(v.string(), v.maxLength(300)),
	/** Value of the phase's time field at the last row sent (keyset phases), else null. */
	v: v.nullable(v.pipe(v.string(), v.maxLength(300))),
	/** Rows already sent at `v` (keyset) or in the phase (counted phases). */
	k: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_CURSOR_SKIP)),
	/** Rows of the whole snapshot as counted on its second page (for `pending`), and rows sent so far. */
	n: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_SNAPSHOT_ROWS))),
	d: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_SNAPSHOT_ROWS)))
});
type Cursor = v.InferOutput<typeof CursorSchema>;

export type WindowSince =
	| { kind: 'snapshot'; start?: { seq: Seq; cursor: Cursor } }
	| { kind: 'changes'; seq: Seq };

const TOKEN = /^w1\.([0-9a-z]{1,13})\.(\d{1,16}|\d{1,20}-[A-Za-z0-9_-]{1,3000})(?:\.([A-Za-z0-9_-]{1,1000}))?$/;

/** `since` as a windowed feed reads it; a token of another window starts a new snapshot. Garbage → 400. */
export function parseWindowSince(raw: string | undefined, key: string): WindowSince {
	if (raw === undefined || raw === '0') return { kind: 'snapshot' };
	const match = raw.length <= MAX_TOKEN_LENGTH ? TOKEN.exec(raw) : null;
	if (!match) throw new CouchError('bad_request', 'since is not a sequence of this feed');
	const seq: Seq = /^\d+$/.test(match[2]) ? Number(match[2]) : match[2];
	let cursor: Cursor | undefined;
	if (match[3] !== undefined) {
		let json: unknown;
		try {
			json = JSON.parse(Buffer.from(match[3], 'base64url').toString('utf8'));
		} catch {
			throw new CouchError('bad_request', 'since is not a sequence of this feed');
		}
		const parsed = v.safeParse(CursorSchema, json);
		if (!parsed.success) throw new CouchError('bad_request', 'since is not a sequence of this feed');
		cursor = parsed.output;
	}
	if (match[1] !== key) return { kind: 'snapshot' };
	return cursor ? { kind: 'snapshot', start: { seq, cursor } } : { kind: 'changes', seq };
}

export function isWindowToken(raw: string | undefined): boolean {
	return raw !== undefined && raw.startsWith(TOKEN_PREFIX);
}

const changesToken = (key: string, seq: Seq) => `${TOKEN_PREFIX}${key}.${seq}`;
const snapshotToken = (key: string, seq: Seq, cursor: Cursor) =>
	`${TOKEN_PREFIX}${key}.${seq}.${Buffer.from(JSON.stringify(cursor)).toString('base64url')}`;

// --- the snapshot's phases -----------------------------------------------------------------

interface Phase {
	/** Sorts the phases; a cursor resumes at its phase, or at the next one when its phase is gone. */
	key: string;
	index: IndexName | '_id';
	selector: Record<string, unknown>;
	/** Keyset phases: newest first by this field, from `lower` to `upper`, both inclusive (pouchdb-find answers `$lt` with a descending sort with nothing). */
	field?: string;
	lower?: string;
	upper?: string;
	/** Rows to send; counted phases (no `field`) read an equality selector in index order with `skip`. */
	keep?: (doc: Doc) => boolean;
	/** Only the newest row of the phase (a unit's last status). */
	latestOnly?: boolean;
	/** Reads what `keep` needs, once per request that reaches the phase. */
	prepare?: () => Promise<void>;
}

const SAME_DAY = '\ufff0';
/** Phases before this key are what a first screen shows: patients, today's tour and visits, open missions and all of them, each unit's status. */
const FIRST_SCREEN_END = '05';

async function findAll(db: Database, selector: Record<string, unknown>, index: IndexName): Promise<Doc[]> {
	const { docs } = await db.find({ selector, limit: MAX_CONTEXT_ROWS, use_index: [INDEX_PREFIX + index, index] } as PouchDB.Find.FindRequest<object>);
	return docs as unknown as Doc[];
}

/** The phases in priority order: patients, today's tours and visits, open missions and what belongs to them, open visits, consults, then the rest of the window newest first. */
async function snapshotPhases(db: Database, window: RetentionSetting, cutoffs: WindowCutoffs, unitIds: readonly string[]): Promise<Phase[]> {
	const { today } = cutoffs;
	const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
	const openMissions = (await Promise.all(OPEN_MISSION_STATES.map((state) => findAll(db, { type: 'mission', state }, 'type-state'))))
		.flat()
		.map((doc) => doc._id)
		.sort();
	const openMissionIds = new Set(openMissions);
	const phases: Phase[] = [
		{ key: '00:patient', index: '_id', selector: {}, field: '_id', lower: 'patient:', upper: 'patient:\ufff0' },
		{ key: '01:tour-today', index: 'type-date', selector: { type: 'tour' }, field: 'date', lower: today, upper: today + SAME_DAY },
		{ key: '02:visit-today', index: 'type-date', selector: { type: 'visit' }, field: 'date', lower: today, upper: today + SAME_DAY },
		...OPEN_MISSION_STATES.map((state): Phase => ({ key: `03:mission:${state}`, index: 'type-state', selector: { type: 'mission', state } })),
		// Each unit's last status document: its current status and position, however long ago it was pressed.
		...[...unitIds].sort().map((unitId): Phase => ({ key: `03:unit:${unitId}`, index: 'type-unitId-at', selector: { type: 'status', unitId }, field: 'at', lower: '', latestOnly: true })),
		// Everything about an open mission: status presses, positions, vitals, measures, handovers.
		...openMissions.map((id): Phase => ({ key: `04:of:${id}`, index: 'missionId', selector: { missionId: id } })),
		...OPEN_VISIT_STATUSES.map((status): Phase => ({ key: `05:visit:${status}`, index: 'type-status', selector: { type: 'visit', status } })),
		{ key: '06:tour-later', index: 'type-date', selector: { type: 'tour' }, field: 'date', lower: today + SAME_DAY, upper: '\ufff0' }
	];
	const recent = (key: string, type: string, index: IndexName, field: string, lower: string, upper?: string, keep?: Phase['keep']): Phase => ({
		key,
		index,
		selector: { type },
		field,
		lower,
		upper,
		keep
	});
	if (window.visitDays > 0) phases.push(recent('10:visit', 'visit', 'type-date', 'date', cutoffs.visitDate, yesterday));
	if (window.tourDays > 0) phases.push(recent('11:tour', 'tour', 'type-date', 'date', cutoffs.tourDate, yesterday));
	if (window.missionDays > 0) {
		phases.push(recent('12:mission', 'mission', 'type-alarmedAt', 'alarmedAt', cutoffs.mission));
		phases.push(recent('13:status', 'status', 'type-at', 'at', cutoffs.status, undefined, (doc) => doc.report !== 'position'));
		phases.push(recent('15:handover', 'handover', 'type-createdAt', 'createdAt', cutoffs.mission));
	}
	if (window.positionHours > 0) {
		phases.push({ key: '14:position', index: 'type-report-at', selector: { type: 'status', report: 'position' }, field: 'at', lower: cutoffs.position });
	}
	// Alarms: those of the window, and raised ones nobody acknowledged within the notes' window.
	const alarmLower = cutoffs.openAlarm;
	let acknowledged: Set<string> | undefined;
	phases.push(
		recent('16:alarm', 'alarm', 'type-createdAt', 'createdAt', alarmLower, undefined, (doc) => {
			// Read once, when the phase is reached (the ids are the context of the check).
			return acknowledged !== undefined && isInCutoffs(doc, window, cutoffs, { acknowledgedAlarmIds: acknowledged, openMissionIds });
		})
	);
	const alarmPhase = phases[phases.length - 1];
	alarmPhase.prepare = async () => {
		const acks = await findAll(db, { type: 'alarm', createdAt: { $gte: alarmLower } }, 'type-createdAt');
		acknowledged = new Set(acks.map((doc) => doc.replaces).filter((id): id is string => typeof id === 'string'));
	};
	if (window.noteDays > 0) phases.push(recent('17:note', 'note', 'type-createdAt', 'createdAt', cutoffs.note));
	if (window.observationDays > 0) {
		phases.push(recent('18:observation', 'observation', 'type-effectiveAt', 'effectiveAt', cutoffs.observation));
		phases.push(recent('18:observationSet', 'observationSet', 'type-effectiveAt', 'effectiveAt', cutoffs.observation));
	}
	// Consults with their orders and answers (few: a handful a day) are read whole and kept by the
	// window: open consults whatever their age and what belongs to them, closed ones with the notes' days.
	let openConsultIds: Set<string> | undefined;
	const readOpenConsults = async () => {
		openConsultIds ??= new Set((await findAll(db, { type: 'consult', createdAt: { $gte: '' } }, 'type-createdAt')).filter(isOpenConsult).map((doc) => doc._id));
	};
	for (const type of ['consult', 'order', 'orderResponse'] as const) {
		phases.push({
			...recent(`06:${type}`, type, 'type-createdAt', 'createdAt', ''),
			keep: (doc) => isInCutoffs(doc, window, cutoffs, { openConsultIds, openMissionIds }),
			prepare: readOpenConsults
		});
	}
	// A type the window does not know yet (added later) is held whole, as isInWindow says.
	for (const type of DOC_TYPES) {
		if (!WINDOWED_TYPES.includes(type)) phases.push(recent(`19:all:${type}`, type, 'type-createdAt', 'createdAt', ''));
	}
	return phases.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

// --- answering -------------------------------------------------------------------------------

export interface WindowedRequest {
	db: Database;
	window: RetentionSetting;
	now: number;
	since: WindowSince;
	limit?: number;
	includeDocs: boolean;
	/** style=all_docs: every leaf revision, as a normal `_changes`. */
	allLeaves: boolean;
	/** The team's units (crews): the last status of each is part of every window. */
	unitIds: readonly string[];
}

export interface WindowedBatch {
	results: WindowChange[];
	last_seq: string;
	/** Rows after this batch: of the snapshot from its second page on, then changes (LevelDB's integer seqs only). */
	pending?: number;
}

/** One answer of a normal (or longpoll) feed: the next snapshot rows, or the changes after it. */
export async function windowedBatch(request: WindowedRequest): Promise<WindowedBatch> {
	const { db, since } = request;
	await ensureWindowIndexes(db);
	if (since.kind === 'changes') return changesBatch(request, since.seq);
	const start = since.start ?? { seq: (await db.info()).update_seq, cursor: { p: '', v: null, k: 0 } };
	const snapshot = await snapshotBatch(request, start.seq, start.cursor);
	if (snapshot.results.length > 0) return snapshot;
	// The snapshot is complete: what changed since it began follows at once.
	return changesBatch(request, start.seq);
}

async function snapshotBatch(request: WindowedRequest, startSeq: Seq, startCursor: Cursor): Promise<WindowedBatch> {
	const { db, window, now } = request;
	const key = windowKey(window);
	const cutoffs = windowCutoffs(window, now);
	const phases = await snapshotPhases(db, window, cutoffs, request.unitIds);
	const limit = request.limit ?? DEFAULT_PAGE;
	let at = phases.findIndex((phase) => phase.key >= startCursor.p);
	if (at < 0) return { results: [], last_seq: changesToken(key, startSeq) };
	let cursor: Cursor = phases[at].key === startCursor.p ? startCursor : { p: phases[at].key, v: null, k: 0 };
	let sent = startCursor.d ?? 0;
	const counting = `${db.name}\u0000${key}\u0000${startSeq}`;
	const total = startCursor.n ?? countedSize(counting);
	const picked: { doc: Doc; token: string }[] = [];
	let prepared: Phase | undefined;
	while (picked.length < limit && at < phases.length) {
		const phase = phases[at];
		if (phase.prepare && prepared !== phase) await phase.prepare();
		prepared = phase;
		const want = phase.latestOnly ? (cursor.v === null ? 1 : 0) : limit - picked.length;
		const docs = want > 0 ? await readPhase(db, phase, cursor, want) : [];
		for (const doc of docs) {
			cursor = advance(phase, cursor, doc);
			if (!phase.keep || phase.keep(doc)) {
				sent++;
				picked.push({ doc, token: snapshotToken(key, startSeq, { p: cursor.p, v: cursor.v, k: cursor.k, n: total, d: Math.min(sent, MAX_SNAPSHOT_ROWS) }) });
			}
		}
		if (docs.length < want || phase.latestOnly) {
			at++;
			if (at < phases.length) cursor = { p: phases[at].key, v: null, k: 0 };
			// What the first screen needs is answered on its own, so the device stores it and shows it at once.
			if (picked.length > 0 && phase.key < FIRST_SCREEN_END && at < phases.length && phases[at].key >= FIRST_SCREEN_END) break;
		}
	}
	if (picked.length === 0) return { results: [], last_seq: changesToken(key, startSeq) };
	const results = await withLeaves(db, picked, request);
	// Counted beside the pages once the first is read (patients and today's tour are not kept
	// waiting): the device stores pages meanwhile, and the tokens carry the count once known.
	if (total === undefined) startCounting(counting, () => countSnapshot(db, phases));
	const batch: WindowedBatch = { results, last_seq: results[results.length - 1].seq };
	if (total !== undefined) batch.pending = Math.max(0, total - sent);
	return batch;
}

/** The cursor after `doc`: its time and how many rows at that time were read (keyset), or one more row (counted). */
function advance(phase: Phase, cursor: Cursor, doc: Doc): Cursor {
	if (!phase.field) return { p: phase.key, v: null, k: cursor.k + 1 };
	const value = String(doc[phase.field]);
	return { p: phase.key, v: value, k: value === cursor.v ? cursor.k + 1 : 1 };
}

/** Snapshot sizes by database, window and start: counting or counted, kept while devices page through them. */
const counts = new Map<string, { size?: number; started: number }>();
const COUNT_KEPT_MS = 30 * 60_000;
const MAX_COUNTS = 1_000;

function countedSize(id: string): number | undefined {
	return counts.get(id)?.size;
}

function startCounting(id: string, count: () => Promise<number>): void {
	if (counts.has(id)) return;
	const now = Date.now();
	for (const [other, entry] of counts) if (now - entry.started > COUNT_KEPT_MS || counts.size >= MAX_COUNTS) counts.delete(other);
	const entry: { size?: number; started: number } = { started: now };
	counts.set(id, entry);
	count().then(
		(size) => void (entry.size = size),
		// Tried again by the next page.
		() => counts.delete(id)
	);
}

/** Rows of the whole snapshot, for the progress a replicator shows ("n of m"); read page by page as the snapshot is. */
async function countSnapshot(db: Database, phases: Phase[]): Promise<number> {
	let count = 0;
	for (const phase of phases) {
		if (phase.prepare) await phase.prepare();
		let cursor: Cursor = { p: phase.key, v: null, k: 0 };
		for (;;) {
			const docs = await readPhase(db, phase, cursor, phase.latestOnly ? 1 : COUNT_PAGE);
			for (const doc of docs) {
				cursor = advance(phase, cursor, doc);
				if (!phase.keep || phase.keep(doc)) count++;
			}
			if (docs.length < COUNT_PAGE || phase.latestOnly) break;
		}
	}
	return Math.min(count, MAX_SNAPSHOT_ROWS);
}

function readPhase(db: Database, phase: Phase, cursor: Cursor, limit: number): Promise<Doc[]> {
	if (cursor.k > MAX_CURSOR_SKIP) throw new CouchError('bad_request', 'since is not a sequence of this feed');
	const use_index = phase.index === '_id' ? undefined : [INDEX_PREFIX + phase.index, phase.index];
	if (!phase.field) {
		return db.find({ selector: phase.selector, limit, skip: cursor.k, use_index } as PouchDB.Find.FindRequest<object>).then(({ docs }) => docs as unknown as Doc[]);
	}
	const range: Record<string, string> = { $gte: phase.lower ?? '' };
	if (cursor.v !== null) range.$lte = cursor.v;
	else if (phase.upper !== undefined) range.$lte = phase.upper;
	const selector = { ...phase.selector, [phase.field]: range };
	// Newest first; ties at one time are in index order (by id), so `k` skips those already sent.
	const sort = [...Object.keys(phase.selector), phase.field].map((field) => ({ [field]: 'desc' as const }));
	return db
		.find({ selector, sort, limit, skip: cursor.v === null ? 0 : cursor.k, use_index } as PouchDB.Find.FindRequest<object>)
		.then(({ docs }) => docs as unknown as Doc[]);
}

/** The rows of a normal `_changes` for snapshot documents: the current leaves (style=all_docs: conflicts and closed ones too), the document when asked. */
async function withLeaves(db: Database, picked: { doc: Doc; token: string }[], request: WindowedRequest): Promise<WindowChange[]> {
	// Append-only types never get a second revision (write-policy.ts); only mutable documents can have several leaves.
	const leaves = request.allLeaves ? await leafRevisions(db, picked.filter(({ doc }) => MUTABLE_TYPES.has(String(doc.type))).map(({ doc }) => doc._id)) : new Map<string, string[]>();
	return picked.map(({ doc, token }) => {
		const revs = leaves.get(doc._id) ?? [doc._rev as string];
		const change: WindowChange = { id: doc._id, seq: token, changes: revs.map((rev) => ({ rev })) };
		if (request.includeDocs) change.doc = doc;
		return change;
	});
}

/**
 * Every leaf of each document, deleted ones included, as a normal `_changes?style=all_docs` lists
 * them: a device that still holds a leaf the server closed gets the tombstone. LevelDB: the
 * revision tree of each document; CouchDB: its `_doc_ids` changes, which it answers by id lookups.
 */
async function leafRevisions(db: Database, ids: string[]): Promise<Map<string, string[]>> {
	const leaves = new Map<string, string[]>();
	if (ids.length === 0) return leaves;
	if ((db as unknown as { adapter?: string }).adapter === 'http') {
		for (let i = 0; i < ids.length; i += DOC_IDS_CHUNK) {
			const { results } = await db.changes({ doc_ids: ids.slice(i, i + DOC_IDS_CHUNK), style: 'all_docs', since: 0 });
			for (const change of results) leaves.set(change.id, change.changes.map(({ rev }) => rev));
		}
		return leaves;
	}
	await Promise.all(
		ids.map(async (id) => {
			const revs = await db.get(id, { open_revs: 'all' });
			leaves.set(id, revs.flatMap((entry) => ('ok' in entry ? [entry.ok._rev] : [])));
		})
	);
	return leaves;
}

/** Changes since `seq`, outside the window dropped, deletions kept (a device may hold the document). */
async function changesBatch(request: WindowedRequest, since: Seq): Promise<WindowedBatch> {
	const { db, window, now } = request;
	const key = windowKey(window);
	const cutoffs = windowCutoffs(window, now);
	const limit = request.limit ?? DEFAULT_PAGE;
	const results: WindowChange[] = [];
	let seq = since;
	for (;;) {
		const batch = await db.changes({ since: seq, limit, include_docs: true, style: request.allLeaves ? 'all_docs' : 'main_only' });
		for (const change of batch.results) {
			const row = windowRow(change, key, window, cutoffs, request.includeDocs);
			if (row) results.push(row);
		}
		seq = batch.last_seq;
		if (results.length > 0 || batch.results.length < limit) break;
	}
	const updateSeq = (await db.info()).update_seq;
	const pending = typeof updateSeq === 'number' && typeof seq === 'number' ? Math.max(0, updateSeq - seq) : undefined;
	return { results, last_seq: changesToken(key, seq), ...(pending !== undefined ? { pending } : {}) };
}

/** A storage change as a windowed row, or undefined when the device does not hold it. */
export function windowRow(
	change: PouchDB.Core.ChangesResponseChange<Record<string, unknown>>,
	key: string,
	window: RetentionSetting,
	cutoffs: WindowCutoffs,
	includeDocs: boolean
): WindowChange | undefined {
	if (change.id.startsWith('_design/')) return undefined;
	const doc = change.doc as Doc | undefined;
	if (!change.deleted && (!doc || !isInCutoffs(doc, window, cutoffs))) return undefined;
	const row: WindowChange = { id: change.id, seq: changesToken(key, change.seq), changes: change.changes };
	if (change.deleted) row.deleted = true;
	if (includeDocs && doc) row.doc = doc;
	return row;
}

export { changesToken, windowKey };
