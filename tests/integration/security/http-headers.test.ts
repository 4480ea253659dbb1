// Issue 11, items 9 and 10: security headers on every answer, health data never cached, hashed
// assets cached for good, errors without stack traces, and `/` serves the app.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPatient } from '../../support/documents.ts';
import { login, startTestServer, startTwoTeamServer, TEST_PASSWORD, type TestServer } from '../../support/test-server.ts';

const DB = 'team-pflege-a';
const HASHED_ASSET = '/_app/immutable/entry/app.B_yoRHJW.js';
/** Large enough for the build to keep compressed copies of it. */
const ASSET_TEXT = `export const words = ${JSON.stringify('Besuch '.repeat(2000))};`;

let server: TestServer;
let token: string;
let appDir: string;

/** A built app in miniature: the files whose caching differs (the e2e test uses the real build). */
async function fakeBuild(): Promise<string> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'fieldcare-app-'));
	await mkdir(path.join(dir, '_app', 'immutable', 'entry'), { recursive: true });
	await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>FieldCare</title>');
	await writeFile(path.join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
	await writeFile(path.join(dir, 'manifest.webmanifest'), '{"name":"FieldCare"}');
	await writeFile(path.join(dir, ...HASHED_ASSET.split('/')), ASSET_TEXT);
	// The build's own step writes the .br and .gz copies.
	await promisify(execFile)(process.execPath, ['scripts/precompress.mjs', dir]);
	return dir;
}

beforeAll(async () => {
	appDir = await fakeBuild();
	server = await startTwoTeamServer({ staticDir: appDir });
	token = await login(server.url, 'nurse.a');
	await server.app.storage.database(DB).put(testPatient('p1', 'nurse.a') as never);
});
afterAll(async () => {
	await server?.close();
	await rm(appDir, { recursive: true, force: true });
});

const auth = () => ({ authorization: `Bearer ${token}` });

async function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
	const res = await fetch(`${server.url}${path}`, { headers });
	await res.arrayBuffer();
	return res;
}

/** The first bytes of a streaming answer, then the connection is dropped. */
async function streamHead(path: string): Promise<Headers> {
	const controller = new AbortController();
	const res = await fetch(`${server.url}${path}`, { headers: auth(), signal: controller.signal });
	expect(res.status).toBe(200);
	controller.abort();
	return res.headers;
}

function expectSecurityHeaders(headers: Headers): void {
	expect(headers.get('x-content-type-options')).toBe('nosniff');
	expect(headers.get('referrer-policy')).toBe('no-referrer');
	expect(headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
	const permissions = headers.get('permissions-policy') ?? '';
	for (const allowed of ['bluetooth=(self)', 'geolocation=(self)', 'camera=(self)', 'microphone=(self)']) expect(permissions).toContain(allowed);
	for (const off of ['usb=()', 'payment=()', 'serial=()']) expect(permissions).toContain(off);
	// Nothing is granted to other origins.
	expect(permissions).not.toMatch(/\*|https?:/);
}

describe('/ serves the app', () => {
	it('GET / answers index.html to a browser without a service worker, not a JSON "Forbidden"', async () => {
		const res = await fetch(`${server.url}/`, { headers: { accept: 'text/html' } });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^text\/html/);
		expect(await res.text()).toContain('<title>FieldCare</title>');
		expect(res.headers.get('cache-control')).toBe('no-cache');
	});
});

describe('security headers', () => {
	it.each([
		['the app', '/', {}],
		['an app route', '/patienten/p1', {}],
		['a hashed asset', HASHED_ASSET, {}],
		['the health check', '/api/health', {}],
		['a refusal of the auth check', `/db/${DB}/patient:p1`, {}],
		['a document', `/db/${DB}/patient:p1`, 'auth'],
		['a missing document', `/db/${DB}/patient:nope`, 'auth'],
		['an unknown API path', '/api/nothing', {}]
	] as const)('%s carries nosniff, no-referrer, frame-ancestors and a narrow Permissions-Policy', async (_name, path, headers) => {
		expectSecurityHeaders((await get(path, headers === 'auth' ? auth() : headers)).headers);
	});

	it('a router refusal (a path segment longer than any id) carries them too', async () => {
		const res = await fetch(`${server.url}/db/${DB}/${'x'.repeat(300)}`, { method: 'PUT', headers: { ...auth(), 'content-type': 'application/json' }, body: '{}' });
		expect(res.status).toBe(400);
		expectSecurityHeaders(res.headers);
	});

	it('no HSTS over plain HTTP; HSTS when SECURE_COOKIES=1 says the server is behind HTTPS', async () => {
		expect((await get('/api/health')).headers.get('strict-transport-security')).toBeNull();
		const secure = await startTestServer({ staticDir: appDir, secureCookies: true });
		try {
			const res = await fetch(`${secure.url}/api/health`);
			expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}/);
			expect((await fetch(`${secure.url}/`)).headers.get('strict-transport-security')).toMatch(/^max-age=/);
		} finally {
			await secure.close();
		}
	});
});

describe('caching', () => {
	it.each([
		['GET /api/session', '/api/session', 'auth'],
		['a failed sign-in check', '/api/session', 'none'],
		['GET /db/<db>/<id>', `/db/${DB}/patient:p1`, 'auth'],
		['GET /db/<db>/_all_docs', `/db/${DB}/_all_docs?include_docs=true`, 'auth'],
		['GET /db/<db>/_changes', `/db/${DB}/_changes?include_docs=true`, 'auth'],
		['a 404 under /db', `/db/${DB}/patient:nope`, 'auth']
	] as const)('%s: Cache-Control no-store', async (_name, path, who) => {
		expect((await get(path, who === 'auth' ? auth() : {})).headers.get('cache-control')).toBe('no-store');
	});

	it('a sign-in answer is no-store', async () => {
		const res = await fetch(`${server.url}/api/session`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username: 'nurse.a', password: TEST_PASSWORD, bearer: true })
		});
		expect(res.headers.get('cache-control')).toBe('no-store');
	});

	it.each(['longpoll', 'continuous', 'eventsource'])('the %s _changes feed (written past Fastify) is no-store and carries the security headers', async (feed) => {
		const headers = await streamHead(`/db/${DB}/_changes?feed=${feed}&since=now&heartbeat=1000&include_docs=true`);
		expect(headers.get('cache-control')).toBe('no-store');
		expectSecurityHeaders(headers);
	});

	it('the live stream /api/live (written past Fastify) is no-store and carries the security headers', async () => {
		const headers = await streamHead('/api/live');
		expect(headers.get('content-type')).toMatch(/^text\/event-stream/);
		expect(headers.get('cache-control')).toBe('no-store');
		expectSecurityHeaders(headers);
	});

	it('hashed assets under /_app/immutable/ are immutable for a year', async () => {
		const res = await get(HASHED_ASSET);
		expect(res.status).toBe(200);
		expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
	});

	it.each([
		['br', 'br'],
		['gzip', 'gzip'],
		['br;q=0, gzip', 'gzip'],
		['identity', null]
	])('Accept-Encoding %s gets the build\'s precompressed copy (%s), the same text, and Vary', async (accept, encoding) => {
		const res = await fetch(`${server.url}${HASHED_ASSET}`, { headers: { 'accept-encoding': accept } });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-encoding')).toBe(encoding);
		expect(res.headers.get('content-type')).toMatch(/^application\/javascript/);
		expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
		expect(await res.text()).toBe(ASSET_TEXT);
	});

	it.each(['/index.html', '/sw.js', '/manifest.webmanifest', '/login'])('%s is revalidated before each use (no-cache)', async (path) => {
		const res = await get(path);
		expect(res.status).toBe(200);
		expect(res.headers.get('cache-control')).toBe('no-cache');
	});
});

describe('errors without stack traces', () => {
	async function send(method: string, path: string, body?: unknown) {
		const res = await fetch(`${server.url}/db/${DB}/${path}`, {
			method,
			headers: { ...auth(), 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		return { status: res.status, text: await res.text() };
	}

	it('POST _bulk_get of a missing document answers CouchDB\'s {"error":"not_found","reason":"missing"}, no stack', async () => {
		const res = await send('POST', '_bulk_get', { docs: [{ id: 'patient:nope' }, { id: 'patient:p1' }] });
		expect(res.status).toBe(200);
		expect(res.text).not.toMatch(/stack|node_modules|\.js:\d+/);
		const { results } = JSON.parse(res.text) as { results: { id: string; docs: Record<string, unknown>[] }[] };
		expect(results[0]).toEqual({ id: 'patient:nope', docs: [{ error: { id: 'patient:nope', rev: 'undefined', error: 'not_found', reason: 'missing' } }] });
		expect(results[1].docs[0]).toMatchObject({ ok: { _id: 'patient:p1' } });
	});

	it('_bulk_docs with a conflict answers {id, error:"conflict", reason}, no stack', async () => {
		const res = await send('POST', '_bulk_docs', { docs: [testPatient('p1', 'nurse.a')] });
		expect(res.status).toBe(201);
		expect(JSON.parse(res.text)).toEqual([{ id: 'patient:p1', error: 'conflict', reason: expect.any(String) }]);
	});

	it.each([
		['GET a missing document', 'GET', 'patient:nope', undefined],
		['GET a missing revision', 'GET', 'patient:p1?rev=1-abc', undefined],
		['GET open_revs of a missing document', 'GET', 'patient:nope?open_revs=all', undefined],
		['GET open_revs with a missing revision', 'GET', 'patient:p1?open_revs=["1-abc"]', undefined],
		['GET a missing checkpoint', 'GET', '_local/nope', undefined],
		['GET a missing attachment', 'GET', 'patient:p1/photo.jpg', undefined],
		['PUT with a stale rev', 'PUT', 'patient:p1?rev=1-abc', testPatient('p1', 'nurse.a')],
		['DELETE a missing checkpoint', 'DELETE', '_local/nope', undefined],
		['_all_docs with a missing key', 'GET', '_all_docs?keys=["patient:nope"]', undefined],
		['_changes with a bad since', 'GET', '_changes?since=yesterday', undefined],
		['_revs_diff of a missing document', 'POST', '_revs_diff', { 'patient:nope': ['1-abc'] }],
		['_bulk_docs new_edits=false with a broken _revisions', 'POST', '_bulk_docs', { new_edits: false, docs: [{ ...testPatient('p9', 'nurse.a'), _rev: '2-abc', _revisions: { start: 'x', ids: 5 } }] }]
	] as const)('%s: no stack in the answer', async (_name, method, path, body) => {
		const res = await send(method, path, body);
		expect(res.text).not.toMatch(/"stack"|node_modules|\/work\/|\.ts:\d+|\.js:\d+/);
	});
});
