// Serves the built PWA; every unknown app path gets index.html (the SPA decides the route).
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const NO_CACHE = /(^|\/)(index\.html|sw\.js|workbox-[^/]*\.js|manifest\.webmanifest|registerSW\.js)$/;

export async function serveApp(app: FastifyInstance, dir: string | undefined): Promise<boolean> {
	if (!dir || !existsSync(path.join(dir, 'index.html'))) return false;
	await app.register(fastifyStatic, {
		root: dir,
		prefix: '/',
		index: false,
		wildcard: true,
		setHeaders(res, file) {
			if (NO_CACHE.test(file)) res.setHeader('cache-control', 'no-cache');
			else if (file.includes(`${path.sep}_app${path.sep}immutable${path.sep}`)) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
		}
	});
	return true;
}

/** Paths that belong to the app shell rather than the API or the replication endpoints. */
export function isAppPath(url: string): boolean {
	return !url.startsWith('/api/') && !url.startsWith('/db/') && url !== '/db' && url !== '/api';
}
