// GET /api/history/<db>/<patientId>: a patient's older observations and notes, page by page and
// newest first, for members of the team database; devices keep only a window of their history
// (issue 12) and read further back here when online. Each type is read through a Mango index of
// its own, so an answer costs what it holds, not the patient's whole history; on LevelDB storage
// pouchdb-find builds the index, with COUCHDB_URL it is CouchDB's native `_find`.
// Also `_find`/`_index` for the server admin: what a gateway with this server as COUCHDB_URL asks.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
	DEFAULT_HISTORY_PAGE,
	HISTORY_TIME_FIELD,
	HISTORY_TYPES,
	historyInstant,
	historyPage,
	idProblem,
	MAX_HISTORY_PAGE,
	type HistoryDoc,
	type HistoryType
} from '../../../src/lib/domain/index.ts';
import { requireUser } from '../auth.ts';
import { intParam, type Query } from '../couch-params.ts';
import { CouchError } from '../errors.ts';
import { ensureHistoryIndexes, historyIndexOf } from '../history-indexes.ts';
import type { Database } from '../storage.ts';
import { teamDatabase, type DbContext, type DbRequest } from './couch-db.ts';

/** Sorts after every ISO instant: no `before` means "from the newest". */
const AFTER_ALL_INSTANTS = '\ufff0';

type HistoryRequest = FastifyRequest<{ Params: { db: string; patientId: string }; Querystring: Query }>;

function typesParam(raw: string | undefined): HistoryType[] {
	if (raw === undefined) return [...HISTORY_TYPES];
	const names = raw.split(',');
	const types = HISTORY_TYPES.filter((type) => names.includes(type));
	if (names.length === 0 || names.length > HISTORY_TYPES.length || types.length !== names.length) {
		throw new CouchError('bad_request', `types must be a comma-separated list of ${HISTORY_TYPES.join(', ')}`);
	}
	return types;
}

function patientParam(raw: string): string {
	if (!/^patient:[^:]+$/.test(raw) || idProblem(raw) !== undefined) throw new CouchError('bad_request', 'The patient id must be a patient id ("patient:…").');
	return raw;
}

function limitParam(query: Query): number {
	const limit = intParam(query, 'limit', MAX_HISTORY_PAGE) ?? DEFAULT_HISTORY_PAGE;
	if (limit < 1) throw new CouchError('bad_request', 'limit must be at least 1');
	return limit;
}

/**
 * The newest instant a page may hold: a millisecond before `before`, compared with `$lte`.
 * pouchdb-find answers a descending `$lt` by reading `limit` index rows from `before` on and
 * dropping those equal to it afterwards, so values at exactly `before` (a blood pressure's pair)
 * would shorten the page and hide the next one.
 */
function newestAllowed(raw: string | undefined): string {
	if (raw === undefined) return AFTER_ALL_INSTANTS;
	const instant = historyInstant(raw);
	if (!instant) throw new CouchError('bad_request', 'before must be an ISO instant, e.g. 2026-01-31T12:00:00.000Z');
	return new Date(Date.parse(instant) - 1).toISOString();
}

export function historyRoutes(app: FastifyInstance, ctx: DbContext): void {
	async function newestOf(db: Database, type: HistoryType, patientId: string, newest: string, take: number): Promise<HistoryDoc[]> {
		const { ddoc, name, fields } = historyIndexOf(type);
		const result = await db.find({
			selector: { type, patientId, [HISTORY_TIME_FIELD[type]]: { $lte: newest } },
			sort: fields.map((field) => ({ [field]: 'desc' as const })),
			limit: take,
			use_index: [ddoc, name]
		});
		return result.docs as unknown as HistoryDoc[];
	}

	app.get('/api/history/:db/:patientId', async (request: HistoryRequest) => {
		requireUser(request);
		const { db } = await teamDatabase(ctx, request as unknown as DbRequest);
		const patientId = patientParam(request.params.patientId);
		const types = typesParam(request.query.types);
		const limit = limitParam(request.query);
		const newest = newestAllowed(request.query.before);
		await ensureHistoryIndexes(db);
		// limit + 1 of each type: enough to tell whether a next page exists (history.ts historyPage).
		const candidates = (await Promise.all(types.map((type) => newestOf(db, type, patientId, newest, limit + 1)))).flat();
		const page = historyPage(candidates, limit);
		request.server.audit.deliveredFrom(request, 'history', request.params.db, page.docs);
		return page;
	});
}
