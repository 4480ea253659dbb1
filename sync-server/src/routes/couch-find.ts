// `_index` and `_find` (CouchDB Mango) for the server admin only: what a gateway whose COUCHDB_URL
// is this server sends for the retention window's snapshot (windowed-changes.ts). Devices read
// their window through `_changes`; arbitrary queries stay closed to them.
import type { FastifyInstance } from 'fastify';
import { objectBody } from '../couch-params.ts';
import { CouchError } from '../errors.ts';
import { teamDatabase, type DbContext, type DbRequest } from './couch-db.ts';

export function couchFindRoutes(app: FastifyInstance, ctx: DbContext): void {
	const adminDatabase = async (request: DbRequest) => {
		const { db, user } = await teamDatabase(ctx, request);
		if (user !== 'server-admin') throw new CouchError('forbidden', 'Mango queries are for the server admin; devices replicate through _changes.');
		return db;
	};
	app.post('/db/:db/_index', async (request: DbRequest) => {
		const db = await adminDatabase(request);
		return db.createIndex(objectBody(request.body) as unknown as PouchDB.Find.CreateIndexOptions);
	});
	app.post('/db/:db/_find', async (request: DbRequest) => {
		const db = await adminDatabase(request);
		return db.find(objectBody(request.body) as unknown as PouchDB.Find.FindRequest<object>);
	});
}
