// Builds the Fastify app from its parts; server.ts only listens and shuts down.
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import { Accounts } from './accounts.ts';
import { AuditLog, auditDatabaseGuard } from './audit.ts';
import { authHook } from './auth.ts';
import { FeedRegistry } from './changes-feed.ts';
import type { ServerConfig } from './config.ts';
import { MAX_ID_LENGTH } from '../../src/lib/domain/index.ts';
import { deviceBlockHook, DeviceRegistry } from './devices.ts';
import { CouchError, fromPouchError } from './errors.ts';
import { applyResponseHeaders, responseHeadersHook } from './http-headers.ts';
import { hasNonFiniteNumber, jsonDepthExceeds, MAX_JSON_DEPTH } from './json-depth.ts';
import { adminRoutes } from './routes/admin.ts';
import { auditRoutes } from './routes/audit.ts';
import { couchDbRoutes } from './routes/couch-db.ts';
import { consultRoutes } from './routes/consults.ts';
import { consultReadingRoutes } from './routes/consult-readings.ts';
import { ReadingRelay } from './reading-relay.ts';
import { consultCallRoutes } from './routes/consult-call.ts';
import { couchAttachmentRoutes } from './routes/couch-attachment.ts';
import { couchDocRoutes } from './routes/couch-doc.ts';
import { couchFindRoutes } from './routes/couch-find.ts';
import { deviceRoutes } from './routes/devices.ts';
import { historyRoutes } from './routes/history.ts';
import { liveRoutes } from './routes/live.ts';
import { passwordChangeGate } from './one-time-password.ts';
import { passwordRoutes } from './routes/password.ts';
import { retentionRoutes } from './routes/retention.ts';
import { sessionRoutes } from './routes/session.ts';
import { teamRoutes } from './routes/teams.ts';
import { isAppPath, serveApp } from './static-app.ts';
import { openStorage, type Storage } from './storage.ts';
import { RetentionSettings } from './retention-settings.ts';
import { SignalHub } from './signal-hub.ts';

export interface App {
	fastify: FastifyInstance;
	accounts: Accounts;
	storage: Storage;
	audit: AuditLog;
	retention: RetentionSettings;
}

/** Fastify's own error codes for request bodies it could not take. */
function bodyError(err: FastifyError): CouchError | undefined {
	switch (err.code) {
		case 'FST_ERR_CTP_BODY_TOO_LARGE':
			return new CouchError('too_large', 'The request body is too large.');
		case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
			return new CouchError('bad_content_type', 'Content-Type must be application/json.');
		case 'FST_ERR_CTP_EMPTY_JSON_BODY':
		case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
			return new CouchError('bad_request', 'The request body is empty or incomplete.');
		case 'FST_ERR_CTP_INVALID_JSON_BODY':
			return new CouchError('bad_request', 'invalid UTF-8 JSON');
	}
	if (err instanceof SyntaxError || err.statusCode === 400) return new CouchError('bad_request', 'invalid UTF-8 JSON');
	return undefined;
}

/** Errors of the router itself (before any hook runs): CouchDB-shaped, without quoting the path. */
function routerError(err: FastifyError): CouchError {
	return err.code === 'FST_ERR_MAX_PARAM_LENGTH'
		? new CouchError('bad_request', `A path segment is longer than ${MAX_ID_LENGTH} characters, the longest document id.`)
		: new CouchError('bad_request', 'The URL is not valid.');
}

export interface AppOptions {
	/** The server's clock for the retention window and consults (tests fix it: a window's edge must not cross a document mid-test). */
	now?: () => number;
}

export async function buildApp(config: ServerConfig, options: AppOptions = {}): Promise<App> {
	const headerOptions = { secure: config.secureCookies };
	const fastify = Fastify({
		bodyLimit: config.maxBodyBytes,
		routerOptions: {
			// PouchDB addresses a database as `/db/<name>/`, CouchDB accepts both forms.
			ignoreTrailingSlash: true,
			// The router measures a segment after percent-decoding, in UTF-16 code units, as the
			// schema measures `_id`: every id the schema accepts can be read by id.
			maxParamLength: MAX_ID_LENGTH
		},
		frameworkErrors: (err, request, reply: FastifyReply) => {
			applyResponseHeaders(reply.raw, request.url, headerOptions);
			const couch = routerError(err);
			return reply.code(couch.status).send(couch.toJSON());
		},
		requestTimeout: 120_000,
		// On shutdown, live feeds are ended first (preClose); then no connection may hold the
		// server open. A write cut off here was never acknowledged, so its client sends it again.
		forceCloseConnections: true,
		// The client's address (login limits) comes from X-Forwarded-For only when proxies are declared.
		trustProxy: config.trustProxy ?? false,
		logger: {
			level: config.logLevel,
			// Paths only: query strings and bodies may carry names or clinical values.
			serializers: {
				req: (req) => ({ method: req.method, url: req.url.split('?')[0] }),
				res: (res) => ({ statusCode: res.statusCode })
			}
		}
	});
	const storage = await openStorage(config);
	const accounts = await Accounts.open(storage);
	const feeds = new FeedRegistry({ maxLifetimeMs: config.feedMaxLifetimeMs, sessionCheckMs: config.feedSessionCheckMs, maxPerUser: config.maxFeedsPerUser });
	const audit = await AuditLog.open(storage, { log: fastify.log });
	fastify.decorate('audit', audit);

	// Only JSON on the JSON endpoints: anything else is 415 (attachments have their own parser).
	fastify.removeContentTypeParser('text/plain');
	// PouchDB sends some POSTs with a JSON content type and no body, as CouchDB allows.
	const parseJson = fastify.getDefaultJsonParser('error', 'error');
	fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
		const text = body.toString();
		if (text === '') done(null, undefined);
		else if (jsonDepthExceeds(text)) done(new CouchError('bad_request', `JSON nested deeper than ${MAX_JSON_DEPTH} levels`), undefined);
		else
			parseJson(request, text, (err, value) => {
				if (err) done(err, undefined);
				// 1e309 parses as Infinity, which storage would keep as null.
				else if (hasNonFiniteNumber(value)) done(new CouchError('bad_request', 'Numbers must be finite (JSON has no Infinity).'), undefined);
				else done(null, value);
			});
	});
	await fastify.register(fastifyCookie);
	// First, so that refusals of the auth hook carry the headers too.
	fastify.addHook('onRequest', responseHeadersHook(headerOptions));
	fastify.addHook('onRequest', authHook(accounts, config));
	const devices = new DeviceRegistry(storage);
	fastify.addHook('onRequest', deviceBlockHook(devices));
	fastify.addHook('onRequest', passwordChangeGate);
	fastify.addHook('preHandler', auditDatabaseGuard);
	fastify.addHook('preClose', async () => feeds.stopAll());
	fastify.addHook('onClose', async () => {
		await audit.close();
		await storage.close();
	});

	fastify.setErrorHandler((err: FastifyError, request, reply) => {
		const couch = err instanceof CouchError ? err : (bodyError(err) ?? fromPouchError(err));
		if (couch) return reply.code(couch.status).send(couch.toJSON());
		// The class of the error only: messages of storage errors can quote document content.
		request.log.error({ err: { type: err.name, code: err.code } }, 'request failed');
		return reply.code(500).send({ error: 'internal_server_error', reason: 'The server could not complete the request.' });
	});

	fastify.get('/api/health', async () => ({ ok: true, storage: storage.kind }));
	sessionRoutes(fastify, accounts, config);
	passwordRoutes(fastify, accounts);
	adminRoutes(fastify, accounts);
	deviceRoutes(fastify, devices);
	auditRoutes(fastify, accounts, storage);
	teamRoutes(fastify, accounts);
	const retention = new RetentionSettings(storage);
	retentionRoutes(fastify, accounts, retention);
	const signals = new SignalHub();
	const ctx = { accounts, storage, feeds, limits: { maxAttachmentBytes: config.maxAttachmentBytes }, retention, signals, now: options.now ?? Date.now };
	couchDbRoutes(fastify, ctx);
	couchFindRoutes(fastify, ctx);
	couchDocRoutes(fastify, ctx);
	const readings = new ReadingRelay();
	liveRoutes(fastify, { ...ctx, readings });
	consultRoutes(fastify, ctx);
	consultReadingRoutes(fastify, { storage, readings });
	consultCallRoutes(fastify, { storage, signals, iceServers: config.iceServers });
	historyRoutes(fastify, ctx);
	await fastify.register(couchAttachmentRoutes, ctx);

	const servesApp = await serveApp(fastify, config.staticDir);
	fastify.setNotFoundHandler((request, reply) => {
		if (servesApp && request.method === 'GET' && isAppPath(request.url)) {
			return reply.header('cache-control', 'no-cache').sendFile('index.html');
		}
		return reply.code(404).send({ error: 'not_found', reason: 'missing' });
	});

	return { fastify, accounts, storage, audit, retention };
}
