// Standalone attachments: GET, PUT (raw bytes) and DELETE of /db/<name>/<docid>/<attachment>.
// A plugin of its own, so that its catch-all body parser does not reach the JSON endpoints (they
// answer other content types with 415). Every attachment is served as a download that cannot run
// (attachment-rules.ts), and a PUT passes the same allow-list as inline attachments.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { APPEND_ONLY_TYPES, typeOfId } from '../../../src/lib/domain/index.ts';
import { attachmentHeaders } from '../attachment-rules.ts';
import type { Query } from '../couch-params.ts';
import { CouchError } from '../errors.ts';
import { couchError, writeChecked } from '../checked-write.ts';
import { teamDatabase, type DbContext } from './couch-db.ts';

type AttachmentRequest = FastifyRequest<{ Params: { db: string; docid: string; '*': string }; Querystring: Query }>;
type AttachmentMeta = { content_type: string; data?: string; stub?: boolean; digest?: string; length?: number; revpos?: number };
type Attachments = Record<string, AttachmentMeta>;
type StoredDoc = Record<string, unknown> & { _rev?: string; _attachments?: Attachments };

/** CouchDB's answers for attachment paths of reserved ids (chttpd_db). */
function refuseReservedId(docid: string, method: string): void {
	if (docid === '_local') throw new CouchError('bad_request', '_local documents do not accept attachments.');
	// No design documents exist here (they are managed by the server), so neither do their views.
	if (docid === '_design') {
		if (method === 'GET' || method === 'HEAD') throw new CouchError('not_found', 'missing');
		throw new CouchError('forbidden', 'design documents are managed by the server');
	}
	if (docid.startsWith('_')) throw new CouchError('bad_request', 'Only reserved document ids may start with underscore.');
}

/** The media type of the request without parameters (`image/png; x=y` → `image/png`). */
function mediaType(header: string | undefined): string {
	return (header ?? '').split(';')[0].trim().toLowerCase();
}

export async function couchAttachmentRoutes(app: FastifyInstance, ctx: DbContext): Promise<void> {
	// Raw bytes whatever the Content-Type says — application/json, none, or one that is no media
	// type at all (PouchDB sends a missing type as "undefined" or application/json): the
	// allow-list decides with a clear reason, not a parser with 415 or "invalid UTF-8 JSON".
	const declaredType = new WeakMap<FastifyRequest, string | undefined>();
	app.addHook('onRequest', async (request) => {
		declaredType.set(request, request.headers['content-type']);
		if (request.method === 'PUT') request.headers['content-type'] = 'application/octet-stream';
	});
	app.removeAllContentTypeParsers();
	app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: ctx.limits.maxAttachmentBytes }, (_request, body, done) => done(null, body));

	const target = async (request: AttachmentRequest) => {
		const context = await teamDatabase(ctx, request);
		refuseReservedId(request.params.docid, request.method);
		const name = request.params['*'];
		if (!name || name.startsWith('_')) throw new CouchError('bad_request', 'Attachment name must not be empty or start with "_"');
		return { ...context, id: request.params.docid, name };
	};

	app.get('/db/:db/:docid/*', async (request: AttachmentRequest, reply) => {
		const { db, id, name } = await target(request);
		const rev = request.query.rev;
		const doc = (await db.get(id, rev ? { rev } : {})) as StoredDoc;
		const meta = doc._attachments?.[name];
		if (!meta) throw new CouchError('not_found', 'Document is missing attachment');
		const data = (await db.getAttachment(id, name, rev ? { rev } : {})) as Buffer;
		request.server.audit.delivered(request, 'attachment', doc);
		return reply.headers(attachmentHeaders(name, meta.content_type)).header('etag', `"${meta.digest}"`).send(data);
	});

	/** A new revision of the document with the attachment added or removed, checked like any write. */
	const change = (remove: boolean) => async (request: AttachmentRequest, reply: FastifyReply) => {
		const { db, user, id, name } = await target(request);
		const ifMatch = request.headers['if-match'];
		const rev = request.query.rev || (typeof ifMatch === 'string' ? ifMatch.replace(/"/g, '') : undefined);
		const current = await currentRevision(db, id, rev, remove);
		// Stubs keep the stored attachments (and their revpos); only this one changes.
		const attachments: Attachments = {};
		for (const [key, meta] of Object.entries(current._attachments ?? {})) {
			attachments[key] = { content_type: meta.content_type, digest: meta.digest, length: meta.length, revpos: meta.revpos, stub: true };
		}
		if (remove) {
			if (!attachments[name]) throw new CouchError('not_found', 'Document is missing attachment');
			delete attachments[name];
		} else {
			const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
			attachments[name] = { content_type: mediaType(declaredType.get(request)), data: body.toString('base64') };
		}
		const type = typeOfId(id);
		// The server records who attached: the editor of this revision is the signed-in user.
		const stamp = user !== 'server-admin' && type && !APPEND_ONLY_TYPES.includes(type) ? { updatedBy: user.username, updatedAt: new Date().toISOString() } : {};
		const next = { ...current, ...stamp, _id: id, _attachments: attachments };
		const [result] = await writeChecked(db, [next], user, true, ctx.limits);
		if ('error' in result) throw couchError(result);
		request.server.audit.stored(request, 'attachment', [next]);
		reply.code(remove ? 200 : 201);
		return result;
	};
	app.put('/db/:db/:docid/*', change(false));
	app.delete('/db/:db/:docid/*', change(true));
}

/**
 * The revision an attachment change grows from. Without a rev, CouchDB creates the document
 * (PUT) — which conflicts if it exists; a rev the document does not have conflicts too.
 */
async function currentRevision(db: import('../storage.ts').Database, id: string, rev: string | undefined, remove: boolean): Promise<StoredDoc> {
	const stored = (await db.get(id).catch((err: { status?: number }) => {
		if (err.status === 404) return undefined;
		throw err;
	})) as StoredDoc | undefined;
	if (!stored) {
		if (rev || remove) throw new CouchError(remove && !rev ? 'not_found' : 'conflict', remove && !rev ? 'missing' : 'Document update conflict.');
		return { _id: id };
	}
	if (stored._rev !== rev) throw new CouchError('conflict', 'Document update conflict.');
	return stored;
}
