// Bad input to a team database gets a CouchDB-shaped 4xx, never a 500; the server keeps serving
// and a document stored before is still there afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPatient } from '../support/documents.ts';
import { login, seedTwoTeams, startTestServer, type TestServer } from '../support/test-server.ts';

const DB = 'team-pflege-a';
const MiB = 1024 * 1024;

let server: TestServer;
/** The same setup with a 1 MiB body limit. */
let small: TestServer;
let token: string;
let smallToken: string;
let keeperRev: string;

beforeAll(async () => {
	[server, small] = await Promise.all([startTestServer(), startTestServer({ maxBodyBytes: MiB })]);
	await Promise.all([seedTwoTeams(server.app), seedTwoTeams(small.app)]);
	[token, smallToken] = await Promise.all([login(server.url, 'nurse.a'), login(small.url, 'nurse.a')]);
	const stored = await send('PUT', 'patient:keeper', JSON.stringify(testPatient('keeper', 'nurse.a')));
	expect(stored.status).toBe(201);
	keeperRev = (stored.json as { rev: string }).rev;
});
afterAll(() => Promise.all([server?.close(), small?.close()]));

async function send(method: string, path: string, body?: string, contentType = 'application/json', on = server, bearer = token) {
	const headers: Record<string, string> = { authorization: `Bearer ${bearer}` };
	if (body !== undefined) headers['content-type'] = contentType;
	const res = await fetch(`${on.url}/db/${DB}/${path}`, { method, headers, body });
	const text = await res.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = text;
	}
	return { status: res.status, json };
}

const couchError = (error: string, reason: unknown = expect.any(String)) => ({ error, reason });

describe('request bodies', () => {
	it('malformed JSON on _bulk_docs → 400 bad_request', async () => {
		for (const body of ['{"docs": [', 'not json', '{"docs": [}]}', '']) {
			const res = await send('POST', '_bulk_docs', body);
			expect(res.status).toBe(400);
			expect(res.json).toEqual(couchError('bad_request'));
		}
	});

	it('~2 MB against a 1 MiB limit → 413 too_large', async () => {
		const body = JSON.stringify({ docs: [{ ...testPatient('big', 'nurse.a'), notes: 'x'.repeat(2 * MiB) }] });
		const res = await send('POST', '_bulk_docs', body, 'application/json', small, smallToken);
		expect(res.status).toBe(413);
		expect(res.json).toEqual(couchError('too_large'));
	});

	it('50 MB against the 1 MiB limit → 413 too_large', async () => {
		const body = `{"docs":[{"_id":"patient:huge","notes":"${'x'.repeat(50 * MiB)}"}]}`;
		const res = await send('POST', '_bulk_docs', body, 'application/json', small, smallToken);
		expect(res.status).toBe(413);
		expect(res.json).toEqual(couchError('too_large'));
	});

	it('50 MB against the default 20 MiB limit → 413 too_large', async () => {
		const started = Date.now();
		const body = `{"docs":[{"_id":"patient:huge","notes":"${'x'.repeat(50 * MiB)}"}]}`;
		const res = await send('POST', '_bulk_docs', body);
		expect(res.status).toBe(413);
		expect(res.json).toEqual(couchError('too_large'));
		expect(Date.now() - started).toBeLessThan(5000);
	});

	it('text/plain on a JSON endpoint → 415 bad_content_type', async () => {
		const res = await send('POST', '_bulk_docs', JSON.stringify({ docs: [testPatient('plain', 'nurse.a')] }), 'text/plain');
		expect(res.status).toBe(415);
		expect(res.json).toEqual(couchError('bad_content_type'));
	});

	it('_bulk_docs whose docs is not an array → 400 bad_request', async () => {
		for (const body of [{ docs: 'all of them' }, { docs: { 0: testPatient('obj', 'nurse.a') } }, {}, [testPatient('arr', 'nurse.a')]]) {
			const res = await send('POST', '_bulk_docs', JSON.stringify(body));
			expect(res.status).toBe(400);
			expect(res.json).toEqual(couchError('bad_request'));
		}
	});

	it('JSON nested 5,000 levels deep → 400 bad_request, not a 500', async () => {
		const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
		const doc = await send('PUT', 'patient:deep', deep);
		expect(doc.status).toBe(400);
		expect(doc.json).toEqual(couchError('bad_request', expect.stringContaining('nested')));
		const bulk = await send('POST', '_bulk_docs', `{"docs":[${deep}]}`);
		expect(bulk.status).toBe(400);
		expect(bulk.json).toEqual(couchError('bad_request'));
	});
});

describe('documents the schemas refuse', () => {
	it('a patient with an impossible birthDate → 403 forbidden naming the field', async () => {
		const res = await send('PUT', 'patient:bad', JSON.stringify({ ...testPatient('bad', 'nurse.a'), birthDate: 'gestern' }));
		expect(res.status).toBe(403);
		expect(res.json).toEqual(couchError('forbidden', expect.stringContaining('birthDate')));
	});

	it('a 10 MB notes field (under the 20 MiB body limit) → 403 forbidden naming the field', async () => {
		const res = await send('PUT', 'patient:long', JSON.stringify({ ...testPatient('long', 'nurse.a'), notes: 'x'.repeat(10 * MiB) }));
		expect(res.status).toBe(403);
		expect(res.json).toEqual(couchError('forbidden', expect.stringContaining('notes')));
	});

	it('a 10 MB field the schema does not know → 403 forbidden (document size cap), via PUT and _bulk_docs', async () => {
		const doc = { ...testPatient('extra', 'nurse.a'), scratch: 'x'.repeat(10 * MiB) };
		const put = await send('PUT', 'patient:extra', JSON.stringify(doc));
		expect(put.status).toBe(403);
		expect(put.json).toEqual(couchError('forbidden', expect.stringContaining('larger than')));
		const bulk = await send('POST', '_bulk_docs', JSON.stringify({ docs: [doc] }));
		expect(bulk.status).toBe(201);
		expect(bulk.json).toEqual([{ id: 'patient:extra', error: 'forbidden', reason: expect.stringContaining('larger than') }]);
	});

	it('none of the refused documents was stored', async () => {
		const ids = (await server.app.storage.database(DB).allDocs()).rows.map((row) => row.id);
		expect(ids).toEqual(['patient:keeper']);
	});
});

describe('query parameters', () => {
	it.each(['_changes?since=abc', '_changes?limit=-1', '_changes?limit=1.5', '_all_docs?startkey=notjson', '_all_docs?startkey=42'])(
		'GET %s → 400 bad_request',
		async (path) => {
			const res = await send('GET', path);
			expect(res.status).toBe(400);
			expect(res.json).toEqual(couchError('bad_request'));
		}
	);

	it('_changes?limit=99999999 is clamped, not refused → 200', async () => {
		const res = await send('GET', '_changes?limit=99999999');
		expect(res.status).toBe(200);
		expect((res.json as { results: { id: string }[] }).results.map((r) => r.id)).toEqual(['patient:keeper']);
	});
});

describe('after every bad request', () => {
	it('the server still answers /api/health and the stored document is unchanged', async () => {
		const health = await fetch(`${server.url}/api/health`);
		expect(health.status).toBe(200);
		expect(await health.json()).toMatchObject({ ok: true });
		const smallHealth = await fetch(`${small.url}/api/health`);
		expect(smallHealth.status).toBe(200);
		const keeper = await send('GET', 'patient:keeper');
		expect(keeper.status).toBe(200);
		expect(keeper.json).toEqual({ ...testPatient('keeper', 'nurse.a'), _rev: keeperRev });
	});
});
