// Database-level CouchDB endpoints under /db/<name>/ that the PouchDB replicator uses.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PRIVATE_DB, type Accounts } from '../accounts.ts';
import { requestToken, requireUser, type Writer } from '../auth.ts';
import { serveLiveFeed, type ChangesOptions, type FeedRegistry, type FeedSession, type LiveFeed } from '../changes-feed.ts';
import { boolParam, intParam, jsonParam, MAX_LIMIT, objectBody, stringArrayParam, type Query } from '../couch-params.ts';
import { couchErrorEntry, CouchError } from '../errors.ts';
import type { Database, Storage } from '../storage.ts';
import { StreamReads } from '../audit.ts';
import { writeChecked } from '../checked-write.ts';
import { sessionCheck } from '../session-check.ts';
import type { WriteLimits } from '../checked-write.ts';
import { windowCutoffs, windowForRole, windowKey, type UserProfile } from '../../../src/lib/domain/index.ts';
import type { RetentionSettings } from '../retention-settings.ts';
import { isWindowToken, parseWindowSince, windowedBatch, windowRow, type WindowedBatch, type WindowedRequest } from '../windowed-changes.ts';

const TEAM_DB = /^team-[a-z][a-z0-9-]{1,40}$/;
const DEFAULT_FEED_TIMEOUT_MS = 60_000;
const MAX_FEED_TIMEOUT_MS = 300_000;
const MAX_BATCH = 10_000;

export interface DbContext {
	accounts: Accounts;
	storage: Storage;
	feeds: FeedRegistry;
	limits: WriteLimits;
	retention: RetentionSettings;
	/** The server's clock (ms since the epoch) the retention window is cut by; tests fix it. */
	now: () => number;
}

export type DbRequest = FastifyRequest<{ Params: { db: string }; Querystring: Query }>;

/** CouchDB's database name rule, without "/" (names are one path segment here). */
const COUCH_DB_NAME = /^[a-z][a-z0-9_$()+-]{0,200}$/;

/** Authenticate → authorise: the user must be a member of the team that owns the database. */
export async function teamDatabase(ctx: DbContext, request: DbRequest): Promise<{ db: Database; user: Writer }> {
	const name = request.params.db;
	if (request.serverAdmin) {
		if (!COUCH_DB_NAME.test(name)) throw new CouchError('bad_request', 'Illegal database name.');
		return { db: ctx.storage.database(name), user: 'server-admin' };
	}
	const user = requireUser(request);
	if (!TEAM_DB.test(name) || !(await ctx.accounts.getTeam(name.slice('team-'.length)))) {
		throw new CouchError('not_found', 'Database does not exist.');
	}
	if (!user.databases.includes(name)) throw new CouchError('forbidden', `You are not a member of the team of ${name}.`);
	return { db: ctx.storage.database(name), user };
}

function parseSince(raw: string | undefined): number | string {
	if (raw === undefined || raw === '0') return 0;
	if (raw === 'now') return 'now';
	if (/^\d{1,16}$/.test(raw)) return Number(raw);
	// CouchDB 3 sequences are opaque strings "<n>-<base64>"; LevelDB ones are integers.
	if (/^\d+-[A-Za-z0-9_-]+$/.test(raw) && raw.length < 4096) return raw;
	throw new CouchError('bad_request', 'since must be a sequence number, 0 or now');
}

function changesOptions(query: Query, body: Record<string, unknown> | undefined): ChangesOptions {
	const filter = query.filter;
	let docIds = stringArrayParam(jsonParam(query, 'doc_ids'), 'doc_ids');
	if (filter === '_doc_ids') docIds = stringArrayParam(body?.doc_ids ?? docIds, 'doc_ids');
	else if (filter !== undefined) throw new CouchError('bad_request', 'only the _doc_ids filter is supported');
	const style = query.style;
	if (style !== undefined && style !== 'all_docs' && style !== 'main_only') throw new CouchError('bad_request', 'style must be all_docs or main_only');
	return {
		limit: intParam(query, 'limit', MAX_LIMIT),
		descending: boolParam(query, 'descending'),
		include_docs: boolParam(query, 'include_docs'),
		conflicts: boolParam(query, 'conflicts'),
		attachments: boolParam(query, 'attachments'),
		style: style as ChangesOptions['style'],
		doc_ids: docIds,
		seq_interval: intParam(query, 'seq_interval')
	};
}

/** A windowed batch as the feed kind asked for it; live kinds end after it (the client reconnects from its last seq). */
function sendBatch(reply: import('fastify').FastifyReply, feed: string, batch: WindowedBatch) {
	if (feed === 'normal' || feed === 'longpoll') return batch;
	if (feed === 'continuous') {
		const lines = batch.results.map((row) => JSON.stringify(row)).join('\n');
		return reply.type('application/json').send(`${lines}\n${JSON.stringify({ last_seq: batch.last_seq })}\n`);
	}
	const events = batch.results.map((row) => `id: ${JSON.stringify(row.seq)}\ndata: ${JSON.stringify(row)}\n\n`).join('');
	return reply.type('text/event-stream').send(events);
}

export function couchDbRoutes(app: FastifyInstance, ctx: DbContext): void {
	app.get('/db/', async () => ({ couchdb: 'Welcome', vendor: { name: 'FieldCare' }, version: '3.3.3', uuid: 'fieldcare' }));
	app.get('/db/_all_dbs', async (request) => requireUser(request).databases);

	// Server-admin only: what a gateway with this server as COUCHDB_URL needs to set up databases.
	app.put('/db/:db/_security', async (request: DbRequest) => {
		const { db, user } = await teamDatabase(ctx, request);
		if (user !== 'server-admin') throw new CouchError('forbidden', 'Only a server admin may change _security.');
		const security = objectBody(request.body);
		const existing = await db.get('_local/fieldcare-security').catch(() => undefined);
		await db.put({ ...security, _id: '_local/fieldcare-security', _rev: existing?._rev });
		return { ok: true };
	});

	app.get('/db/:db', async (request: DbRequest) => {
		const { db } = await teamDatabase(ctx, request);
		const info = await db.info();
		return { db_name: request.params.db, doc_count: info.doc_count, update_seq: info.update_seq, instance_start_time: '0' };
	});
	app.put('/db/:db', async (request: DbRequest, reply) => {
		const { user } = await teamDatabase(ctx, request);
		if (user === 'server-admin') {
			await ctx.storage.ensureDatabase(request.params.db, request.params.db);
			reply.code(201);
			return { ok: true };
		}
		throw new CouchError('file_exists', 'The database could not be created, the file already exists.');
	});
	app.delete('/db/:db', async (request: DbRequest) => {
		const { user } = await teamDatabase(ctx, request);
		// A server admin deletes other databases as in CouchDB (PouchDB's test suites clean up so);
		// health records and this server's accounts are never deleted over the wire.
		const name = request.params.db;
		const protectedDb = name === PRIVATE_DB || (TEAM_DB.test(name) && (await ctx.accounts.getTeam(name.slice('team-'.length))) !== undefined);
		if (user !== 'server-admin' || protectedDb) throw new CouchError('forbidden', 'Team databases are removed by an administrator.');
		await ctx.storage.destroyDatabase(name);
		return { ok: true };
	});
	app.post('/db/:db/_ensure_full_commit', async (request: DbRequest, reply) => {
		await teamDatabase(ctx, request);
		reply.code(201);
		return { ok: true, instance_start_time: '0' };
	});

	const changes = async (request: DbRequest, reply: import('fastify').FastifyReply) => {
		const { db, user } = await teamDatabase(ctx, request);
		const body = request.method === 'POST' ? objectBody(request.body ?? {}) : undefined;
		const options = changesOptions(request.query, body);
		// A device's first sync and what follows it are bounded by its window; a raw seq (a
		// checkpoint of before windows), `doc_ids` and descending reads are answered as before.
		const raw = request.query.since;
		if (user !== 'server-admin' && !options.doc_ids && !options.descending && (raw === undefined || raw === '0' || isWindowToken(raw))) {
			return windowedChanges(request, reply, db, user, options);
		}
		let since = parseSince(request.query.since);
		if (since === 'now') since = (await db.info()).update_seq;
		const feed = request.query.feed ?? 'normal';
		if (feed === 'normal') {
			const changed = await db.changes({ ...options, since });
			// The window's Mango indexes are design documents: storage's, not the team's.
			if (user !== 'server-admin') changed.results = changed.results.filter((change) => !change.id.startsWith('_design/'));
			const result = request.server.audit.delivered(request, '_changes', changed);
			// CouchDB's `pending` (changes after this batch) lets clients show "n of m"; PouchDB reads it.
			const updateSeq = (await db.info()).update_seq;
			const pending = typeof updateSeq === 'number' && typeof result.last_seq === 'number' ? Math.max(0, updateSeq - result.last_seq) : undefined;
			return pending === undefined || options.descending ? result : { ...result, pending };
		}
		if (feed !== 'longpoll' && feed !== 'continuous' && feed !== 'eventsource') {
			throw new CouchError('bad_request', 'feed must be normal, longpoll, continuous or eventsource');
		}
		const heartbeatMs = request.query.heartbeat === 'true' ? 60_000 : intParam(request.query, 'heartbeat', MAX_FEED_TIMEOUT_MS);
		const timeoutMs = intParam(request.query, 'timeout', MAX_FEED_TIMEOUT_MS) ?? DEFAULT_FEED_TIMEOUT_MS;
		// A user's feed lives as long as the session (and its membership of this team); the server admin's is no session.
		const session: FeedSession | undefined =
			user === 'server-admin'
				? undefined
				: { username: user.username, check: sessionCheck(ctx.accounts, requestToken(request) ?? '', (databases) => databases.includes(request.params.db)) };
		if (session) ctx.feeds.admit(session.username);
		reply.hijack();
		// Documents sent by a live feed are reads like any other; one audit entry per interval.
		const reads = options.include_docs ? new StreamReads(request.server.audit, request, '_changes') : undefined;
		serveLiveFeed({
			db,
			options,
			since,
			feed: feed as LiveFeed,
			heartbeatMs: heartbeatMs || undefined,
			timeoutMs,
			response: reply.raw,
			registry: ctx.feeds,
			session,
			window: session && { row: (change) => (change.id.startsWith('_design/') ? undefined : change), seq: (seq) => seq },
			onDelivered: reads && ((changes) => changes.forEach((change) => reads.add(request.params.db, change.doc))),
			onEnd: () => reads?.end()
		});
	};
	const windowedChanges = async (request: DbRequest, reply: import('fastify').FastifyReply, db: Database, user: UserProfile, options: ChangesOptions) => {
		const window = windowForRole(await ctx.retention.get(request.params.db.slice('team-'.length)), user.role);
		const key = windowKey(window);
		const since = parseWindowSince(request.query.since, key);
		const teamId = request.params.db.slice('team-'.length);
		// The team's crews: each unit's last status is part of every snapshot (read only for a snapshot).
		const unitIds =
			since.kind === 'snapshot'
				? (await ctx.accounts.listUsers()).filter((u) => u.role === 'paramedic' && !u.disabled && u.teams.some((team) => team.id === teamId)).map((u) => u.username)
				: [];
		const windowed: WindowedRequest = {
			db,
			window,
			now: ctx.now(),
			since,
			unitIds,
			limit: typeof options.limit === 'number' ? options.limit : undefined,
			includeDocs: options.include_docs === true,
			allLeaves: options.style === 'all_docs'
		};
		const feed = request.query.feed ?? 'normal';
		if (feed !== 'normal' && feed !== 'longpoll' && feed !== 'continuous' && feed !== 'eventsource') {
			throw new CouchError('bad_request', 'feed must be normal, longpoll, continuous or eventsource');
		}
		const heartbeatMs = request.query.heartbeat === 'true' ? 60_000 : intParam(request.query, 'heartbeat', MAX_FEED_TIMEOUT_MS);
		const timeoutMs = intParam(request.query, 'timeout', MAX_FEED_TIMEOUT_MS) ?? DEFAULT_FEED_TIMEOUT_MS;
		const batch = windowed.since.kind === 'snapshot' || feed === 'normal' ? await windowedBatch(windowed) : undefined;
		if (batch && (feed === 'normal' || batch.results.length > 0)) {
			// Snapshot rows answer at once, on every kind of feed; a live feed then ends and the client resumes from its last seq.
			request.server.audit.delivered(request, '_changes', batch);
			return sendBatch(reply, feed, batch);
		}
		const after = batch ? parseWindowSince(batch.last_seq, key) : windowed.since;
		if (after.kind !== 'changes') throw new CouchError('bad_request', 'since is not a sequence of this feed');
		const session: FeedSession = {
			username: user.username,
			check: sessionCheck(ctx.accounts, requestToken(request) ?? '', (databases) => databases.includes(request.params.db))
		};
		ctx.feeds.admit(session.username);
		reply.hijack();
		const reads = options.include_docs ? new StreamReads(request.server.audit, request, '_changes') : undefined;
		serveLiveFeed({
			db,
			// Documents are read to judge the window; the rows carry them only when asked.
			options: { ...options, include_docs: true },
			since: after.seq,
			feed: feed as LiveFeed,
			heartbeatMs: heartbeatMs || undefined,
			timeoutMs,
			response: reply.raw,
			registry: ctx.feeds,
			session,
			window: {
				row: (change) => windowRow(change, key, window, windowCutoffs(window, ctx.now()), windowed.includeDocs) as typeof change | undefined,
				seq: (seq) => `w1.${key}.${seq}`
			},
			onDelivered: reads && ((changes) => changes.forEach((change) => reads.add(request.params.db, change.doc))),
			onEnd: () => reads?.end()
		});
	};
	app.get('/db/:db/_changes', changes);
	app.post('/db/:db/_changes', changes);

	app.post('/db/:db/_revs_diff', async (request: DbRequest) => {
		const { db } = await teamDatabase(ctx, request);
		const body = objectBody(request.body);
		for (const revs of Object.values(body)) stringArrayParam(revs, 'revisions');
		if (Object.keys(body).length > MAX_BATCH) throw new CouchError('bad_request', `at most ${MAX_BATCH} documents per request`);
		return db.revsDiff(body as PouchDB.Core.RevisionDiffOptions);
	});

	app.post('/db/:db/_bulk_docs', async (request: DbRequest, reply) => {
		const { db, user } = await teamDatabase(ctx, request);
		const body = objectBody(request.body);
		const docs = body.docs;
		if (!Array.isArray(docs) || docs.length > MAX_BATCH) throw new CouchError('bad_request', `docs must be an array of at most ${MAX_BATCH} documents`);
		const newEdits = body.new_edits !== false;
		// Refused documents get a per-document error; the others are stored in the same call.
		const refusals = docs.map((doc: unknown) => (typeof doc !== 'object' || doc === null || Array.isArray(doc) ? { error: 'bad_request', reason: 'document must be a JSON object' } : undefined));
		const accepted = docs.filter((_, i) => !refusals[i]) as Record<string, unknown>[];
		const written = await writeChecked(db, accepted, user, newEdits, ctx.limits, 'forbidden');
		request.server.audit.stored(request, '_bulk_docs', accepted, written);
		let next = 0;
		const results = refusals.map((refusal) => refusal ?? written[next++]);
		reply.code(201);
		// CouchDB answers new_edits=false with the failures only; replicators count on that.
		return newEdits ? results : results.filter((result) => 'error' in result);
	});

	// CouchDB 2+ answers temporary views with 410 Gone (chttpd_view); no client code runs here.
	app.post('/db/:db/_temp_view', async (request: DbRequest, reply) => {
		await teamDatabase(ctx, request);
		return reply.code(410).send({ error: 'gone', reason: 'Temporary views are not supported in CouchDB' });
	});

	app.post('/db/:db/_bulk_get', async (request: DbRequest) => {
		const { db } = await teamDatabase(ctx, request);
		const body = objectBody(request.body);
		if (!Array.isArray(body.docs) || body.docs.length > MAX_BATCH) throw new CouchError('bad_request', `docs must be an array of at most ${MAX_BATCH} entries`);
		const docs = body.docs.map((entry: unknown) => {
			const { id, rev, atts_since } = objectBody(entry);
			if (typeof id !== 'string' || (rev !== undefined && typeof rev !== 'string')) throw new CouchError('bad_request', 'each entry needs an id and optional rev');
			return { id, rev, atts_since: stringArrayParam(atts_since, 'atts_since') };
		});
		const found = await db.bulkGet({
			docs: docs as PouchDB.Core.BulkGetOptions['docs'],
			revs: boolParam(request.query, 'revs'),
			latest: boolParam(request.query, 'latest'),
			attachments: boolParam(request.query, 'attachments'),
			binary: false
		} as PouchDB.Core.BulkGetOptions);
		request.server.audit.delivered(request, '_bulk_get', found);
		// CouchDB's shape of a miss: `{"error":{"id","rev","error":"not_found","reason":"missing"}}`.
		return {
			results: found.results.map((result) => ({
				id: result.id,
				docs: result.docs.map((entry) => {
					if (!('error' in entry)) return entry;
					const { rev } = entry.error as { rev?: unknown };
					return { error: { id: result.id, rev: typeof rev === 'string' ? rev : 'undefined', ...couchErrorEntry(entry.error) } };
				})
			}))
		};
	});

	const allDocs = async (request: DbRequest) => {
		const { db } = await teamDatabase(ctx, request);
		const q = request.query;
		const body = request.method === 'POST' ? objectBody(request.body ?? {}) : {};
		const keys = stringArrayParam(body.keys ?? jsonParam(q, 'keys'), 'keys');
		const key = jsonParam(q, 'key');
		const options = {
			include_docs: boolParam(q, 'include_docs'),
			conflicts: boolParam(q, 'conflicts'),
			attachments: boolParam(q, 'attachments'),
			descending: boolParam(q, 'descending'),
			inclusive_end: boolParam(q, 'inclusive_end'),
			limit: intParam(q, 'limit', MAX_LIMIT),
			skip: intParam(q, 'skip'),
			update_seq: boolParam(q, 'update_seq'),
			startkey: jsonParam(q, 'startkey') ?? jsonParam(q, 'start_key'),
			endkey: jsonParam(q, 'endkey') ?? jsonParam(q, 'end_key'),
			...(key !== undefined ? { key } : {}),
			...(keys ? { keys } : {})
		};
		for (const name of ['startkey', 'endkey', 'key'] as const) {
			const value = (options as Record<string, unknown>)[name];
			if (value !== undefined && typeof value !== 'string') throw new CouchError('bad_request', `${name} must be a JSON string`);
		}
		const found = await db.allDocs(options as PouchDB.Core.AllDocsOptions);
		if (!request.serverAdmin) found.rows = found.rows.filter((row) => !row.id?.startsWith('_design/'));
		return request.server.audit.delivered(request, '_all_docs', found);
	};
	app.get('/db/:db/_all_docs', allDocs);
	app.post('/db/:db/_all_docs', allDocs);
}
