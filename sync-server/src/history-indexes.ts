// The Mango indexes of a patient's older history (GET /api/history, routes/history.ts): one per
// type on [type, patientId, <time>], so a page costs what it holds, not the patient's whole history.
import { HISTORY_TIME_FIELD, HISTORY_TYPES, type HistoryType } from '../../src/lib/domain/index.ts';
import type { Database } from './storage.ts';

/** Design documents of the indexes; the name says they belong to the history endpoint. */
const INDEX_PREFIX = 'fieldcare-history-';

export function historyIndexOf(type: HistoryType): { ddoc: string; name: string; fields: string[] } {
	return { ddoc: `${INDEX_PREFIX}${type}`, name: `${INDEX_PREFIX}${type}`, fields: ['type', 'patientId', HISTORY_TIME_FIELD[type]] };
}

const created = new WeakMap<Database, Promise<void>>();

/** Creates the indexes once per database and process (`createIndex` is idempotent; the promise saves asking again). */
export function ensureHistoryIndexes(db: Database): Promise<void> {
	let ready = created.get(db);
	if (!ready) {
		ready = Promise.all(HISTORY_TYPES.map((type) => db.createIndex({ index: historyIndexOf(type) }))).then(() => undefined);
		ready.catch(() => created.delete(db));
		created.set(db, ready);
	}
	return ready;
}

/** Brings the indexes up to date (on LevelDB a view is built by its first query), so that the first "Ältere Werte laden" does not wait for it. */
export async function warmHistoryIndexes(db: Database): Promise<void> {
	await ensureHistoryIndexes(db);
	for (const type of HISTORY_TYPES) {
		const { ddoc, name } = historyIndexOf(type);
		await db.find({ selector: { type: '\u0000', patientId: '\u0000' }, limit: 1, use_index: [ddoc, name] } as PouchDB.Find.FindRequest<object>);
	}
}
