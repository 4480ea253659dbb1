// Serves the built PWA; every unknown app path gets index.html (the SPA decides the route).
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Vite names these files by their content hash: a new build has new names, so they never change. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else may be kept, but is revalidated (ETag) before each use: a new build shows at once. */
const REVALIDATE = 'no-cache';

export async function serveApp(app: FastifyInstance, dir: string | undefined): Promise<boolean> {
	if (!dir || !existsSync(path.join(dir, 'index.html'))) return false;
	const immutableDir = `${path.sep}_app${path.sep}immutable${path.sep}`;
	await app.register(fastifyStatic, {
		root: dir,
		prefix: '/',
		index: false,
		wildcard: true,
		// The build writes .br and .gz copies (scripts/precompress.mjs); sent where the browser takes them.
		preCompressed: true,
		// @fastify/send's own `public, max-age=0` would be set after setHeaders and replace ours.
		cacheControl: false,
		setHeaders(res, file) {
			res.setHeader('cache-control', file.includes(immutableDir) ? IMMUTABLE : REVALIDATE);
			// The same URL answers brotli, gzip or plain bytes: caches must keep them apart.
			res.setHeader('vary', 'accept-encoding');
		}
	});
	// The address the server prints: the app, also before its service worker is installed.
	app.get('/', (_request, reply) => reply.sendFile('index.html'));
	return true;
}

/** Paths that belong to the app shell rather than the API or the replication endpoints. */
export function isAppPath(url: string): boolean {
	return !url.startsWith('/api/') && !url.startsWith('/db/') && url !== '/db' && url !== '/api';
}
