// Document-level CouchDB endpoints: /db/<name>/<docid>, _local checkpoints and attachments.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { boolParam, jsonParam, objectBody, stringArrayParam, type Query } from '../couch-params.ts';
import { CouchError } from '../errors.ts';
import { couchError, writeChecked } from '../checked-write.ts';
import { teamDatabase, type DbContext } from './couch-db.ts';

type DocRequest = FastifyRequest<{ Params: { db: string; docid: string; '*'?: string }; Querystring: Query }>;

function getOptions(query: Query): PouchDB.Core.GetOptions & Record<string, unknown> {
	const openRevsRaw = query.open_revs;
	const openRevs = openRevsRaw === undefined ? undefined : openRevsRaw === 'all' ? 'all' : stringArrayParam(jsonParam(query, 'open_revs'), 'open_revs');
	return {
		rev: query.rev,
		revs: boolParam(query, 'revs'),
		revs_info: boolParam(query, 'revs_info'),
		conflicts: boolParam(query, 'conflicts'),
		deleted_conflicts: boolParam(query, 'deleted_conflicts'),
		latest: boolParam(query, 'latest'),
		attachments: boolParam(query, 'attachments'),
		atts_since: stringArrayParam(jsonParam(query, 'atts_since'), 'atts_since'),
		binary: false,
		...(openRevs ? { open_revs: openRevs } : {})
	};
}

export function couchDocRoutes(app: FastifyInstance, ctx: DbContext): void {
	const idOf = (request: DocRequest, local: boolean) => (local ? `_local/${request.params.docid}` : request.params.docid);

	const read = (local: boolean) => async (request: DocRequest) => {
		const { db } = await teamDatabase(ctx, request);
		const options = Object.fromEntries(Object.entries(getOptions(request.query)).filter(([, value]) => value !== undefined));
		return request.server.audit.delivered(request, 'get', await db.get(idOf(request, local), options));
	};

	const write = (local: boolean) => async (request: DocRequest, reply: import('fastify').FastifyReply) => {
		const { db, user } = await teamDatabase(ctx, request);
		const doc: Record<string, unknown> = { ...objectBody(request.body), _id: idOf(request, local) };
		if (request.query.rev && doc._rev === undefined) doc._rev = request.query.rev;
		const [result] = await writeChecked(db, [doc], user, request.query.new_edits !== 'false', ctx.limits);
		if ('error' in result) throw couchError(result);
		request.server.audit.stored(request, 'put', [doc]);
		reply.code(201);
		return result;
	};

	const remove = (local: boolean) => async (request: DocRequest) => {
		const { db, user } = await teamDatabase(ctx, request);
		const rev = request.query.rev ?? (typeof request.headers['if-match'] === 'string' ? request.headers['if-match'] : undefined);
		if (!rev && !local) throw new CouchError('conflict', 'Document update conflict: a rev is required to delete.');
		const id = idOf(request, local);
		if (local) {
			const existing = await db.get(id);
			return db.remove(existing);
		}
		const tombstone = { _id: id, _rev: rev, _deleted: true };
		const [result] = await writeChecked(db, [tombstone], user, true, ctx.limits);
		if ('error' in result) throw couchError(result);
		request.server.audit.stored(request, 'delete', [tombstone]);
		return result;
	};

	app.get('/db/:db/_local/:docid', read(true));
	app.put('/db/:db/_local/:docid', write(true));
	app.delete('/db/:db/_local/:docid', remove(true));

	app.get('/db/:db/_design/:docid', async (request: DocRequest) => {
		await teamDatabase(ctx, request);
		throw new CouchError('not_found', 'missing');
	});
	app.put('/db/:db/_design/:docid', async (request: DocRequest) => {
		await teamDatabase(ctx, request);
		throw new CouchError('forbidden', 'design documents are managed by the server');
	});

	app.get('/db/:db/:docid', read(false));
	app.put('/db/:db/:docid', write(false));
	app.delete('/db/:db/:docid', remove(false));
}
