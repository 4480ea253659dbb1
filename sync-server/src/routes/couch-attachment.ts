// Standalone attachments: GET, PUT (raw bytes, any content type) and DELETE of
// /db/<name>/<docid>/<attachment>. A plugin of its own, so that its catch-all body parser
// does not reach the JSON endpoints (they answer other content types with 415).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { APPEND_ONLY_TYPES, typeOfId } from '../../../src/lib/domain/index.ts';
import type { Query } from '../couch-params.ts';
import { CouchError } from '../errors.ts';
import { checkWrites } from '../write-rules.ts';
import { teamDatabase, type DbContext } from './couch-db.ts';

type AttachmentRequest = FastifyRequest<{ Params: { db: string; docid: string; '*': string }; Querystring: Query }>;
type Attachments = Record<string, { content_type: string; data?: string; stub?: boolean; digest?: string }>;

export async function couchAttachmentRoutes(app: FastifyInstance, ctx: DbContext): Promise<void> {
	app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: ctx.limits.maxAttachmentBytes }, (_request, body, done) => done(null, body));

	const nameOf = (request: AttachmentRequest) => {
		const name = request.params['*'];
		if (!name || name.startsWith('_')) throw new CouchError('bad_request', 'Attachment name must not be empty or start with "_"');
		return name;
	};

	app.get('/db/:db/:docid/*', async (request: AttachmentRequest, reply) => {
		const { db } = await teamDatabase(ctx, request);
		const name = nameOf(request);
		const rev = request.query.rev;
		const doc = await db.get(request.params.docid, rev ? { rev } : {});
		const meta = doc._attachments?.[name];
		if (!meta) throw new CouchError('not_found', 'Document is missing attachment');
		const data = (await db.getAttachment(request.params.docid, name, rev ? { rev } : {})) as Buffer;
		request.server.audit.delivered(request, 'attachment', doc);
		return reply.header('content-type', meta.content_type).header('etag', `"${meta.digest}"`).send(data);
	});

	/** A new revision of the document with the attachment added or removed, checked like any write. */
	const change = (remove: boolean) => async (request: AttachmentRequest, reply: import('fastify').FastifyReply) => {
		const { db, user } = await teamDatabase(ctx, request);
		const name = nameOf(request);
		const id = request.params.docid;
		const rev = request.query.rev ?? (typeof request.headers['if-match'] === 'string' ? request.headers['if-match'].replace(/"/g, '') : undefined);
		const current = (await db.get(id).catch((err: { status?: number }) => {
			if (err.status === 404) throw new CouchError('not_found', 'Attachments can only be added to an existing document.');
			throw err;
		})) as Record<string, unknown> & { _rev: string; _attachments?: Attachments };
		if (current._rev !== rev) throw new CouchError('conflict', 'Document update conflict.');
		const attachments: Attachments = { ...(current._attachments ?? {}) };
		for (const key of Object.keys(attachments)) attachments[key] = { ...attachments[key], stub: true, data: undefined };
		if (remove) {
			if (!attachments[name]) throw new CouchError('not_found', 'Document is missing attachment');
			delete attachments[name];
		} else {
			const body = request.body;
			if (!Buffer.isBuffer(body) || body.length === 0) throw new CouchError('bad_request', 'Attachment body must not be empty');
			const contentType = request.headers['content-type'] ?? 'application/octet-stream';
			attachments[name] = { content_type: contentType, data: body.toString('base64') };
		}
		const type = typeOfId(id);
		// The server records who attached: the editor of this revision is the signed-in user.
		const stamp = user !== 'server-admin' && type && !APPEND_ONLY_TYPES.includes(type) ? { updatedBy: user.username, updatedAt: new Date().toISOString() } : {};
		const next = { ...current, ...stamp, _attachments: attachments };
		const [check] = await checkWrites(db, [next], user, true, ctx.limits);
		if (!check.ok) throw new CouchError('forbidden', check.reason);
		const result = await db.put(next as PouchDB.Core.PutDocument<Record<string, unknown>>);
		request.server.audit.stored(request, 'attachment', [next]);
		reply.code(remove ? 200 : 201);
		return { ok: true, id, rev: result.rev };
	};
	app.put('/db/:db/:docid/*', change(false));
	app.delete('/db/:db/:docid/*', change(true));
}
