// Bad input gets a clear 4xx, the server keeps serving, and no stored document is lost.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPatient } from '../support/documents.ts';
import { login, startTwoTeamServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let token: string;
const DB = 'team-pflege-a';

beforeAll(async () => {
	server = await startTwoTeamServer();
	token = await login(server.url, 'nurse.a');
	await server.app.storage.database(DB).put(testPatient('keeper', 'nurse.a') as never);
});
afterAll(() => server.close());

async function send(method: string, path: string, body?: string, contentType = 'application/json') {
	const res = await fetch(`${server.url}/db/${DB}/${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body });
	const text = await res.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = text;
	}
	return { status: res.status, json };
}

describe('bad request bodies', () => {
	it('malformed JSON → 400 bad_request', async () => {
		expect(await send('POST', '_bulk_docs', '{"docs": [')).toMatchObject({ status: 400, json: { error: 'bad_request' } });
		expect(await send('PUT', 'patient:x', 'not json')).toMatchObject({ status: 400, json: { error: 'bad_request' } });
	});

	it('a 50 MB body → 413 too_large', async () => {
		const huge = `{"docs":[{"_id":"patient:huge","notes":"${'x'.repeat(50 * 1024 * 1024)}"}]}`;
		expect(await send('POST', '_bulk_docs', huge)).toMatchObject({ status: 413, json: { error: 'too_large' } });
	});

	it('another content type on a JSON endpoint → 415', async () => {
		expect(await send('POST', '_bulk_docs', JSON.stringify({ docs: [] }), 'text/plain')).toMatchObject({ status: 415, json: { error: 'bad_content_type' } });
	});

	it('JSON nested 100,000 levels deep → 400, not a crash', async () => {
		expect(await send('POST', '_bulk_docs', '{"docs":[{"a":' + '['.repeat(100_000))).toMatchObject({ status: 400, json: { error: 'bad_request' } });
	});

	it('wrong shapes → 400', async () => {
		expect((await send('POST', '_bulk_docs', JSON.stringify({ docs: 'all of them' }))).status).toBe(400);
		expect((await send('POST', '_bulk_docs', JSON.stringify([1, 2]))).status).toBe(400);
		expect((await send('POST', '_bulk_get', JSON.stringify({ docs: [{ rev: 5 }] }))).status).toBe(400);
		expect((await send('POST', '_revs_diff', JSON.stringify({ 'patient:x': 'not-a-list' }))).status).toBe(400);
	});

	it('a document breaking its schema → 403 forbidden naming the field; a 10 MB string is refused the same way', async () => {
		expect(await send('PUT', 'patient:bad', JSON.stringify({ ...testPatient('bad', 'nurse.a'), birthDate: 'gestern' }))).toMatchObject({
			status: 403,
			json: { error: 'forbidden', reason: expect.stringContaining('birthDate') }
		});
		const long = await send('PUT', 'patient:long', JSON.stringify({ ...testPatient('long', 'nurse.a'), notes: 'x'.repeat(10 * 1024 * 1024) }));
		expect(long).toMatchObject({ status: 403, json: { error: 'forbidden', reason: expect.stringContaining('notes') } });
	});

	it('a 10 MB field the schema does not know → 403 (document size cap), via PUT and _bulk_docs', async () => {
		const doc = { ...testPatient('extra', 'nurse.a'), scratch: 'x'.repeat(10 * 1024 * 1024) };
		expect(await send('PUT', 'patient:extra', JSON.stringify(doc))).toMatchObject({ status: 403, json: { error: 'forbidden', reason: expect.stringContaining('larger than') } });
		const bulk = await send('POST', '_bulk_docs', JSON.stringify({ docs: [doc] }));
		expect(bulk).toEqual({ status: 201, json: [{ id: 'patient:extra', error: 'forbidden', reason: expect.stringContaining('larger than') }] });
	});

	it('a _local document is a checkpoint, not storage: 1 MB of it → 403', async () => {
		expect(await send('PUT', '_local/hoard', JSON.stringify({ data: 'x'.repeat(1024 * 1024) }))).toMatchObject({ status: 403, json: { error: 'forbidden' } });
		expect((await send('PUT', '_local/checkpoint', JSON.stringify({ last_seq: 5, history: [] }))).status).toBe(201);
	});

	it('a body cut off mid-way (the device lost signal) leaves the server serving', async () => {
		const { port } = new URL(server.url);
		await new Promise<void>((resolve) => {
			const socket = connect(Number(port), '127.0.0.1', () => {
				socket.write(`POST /db/${DB}/_bulk_docs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"docs":[{"_id":"patient:cut`);
				setTimeout(() => socket.destroy(), 100);
			});
			socket.on('close', () => resolve());
			socket.on('error', () => resolve());
		});
		await expect(server.app.storage.database(DB).get('patient:cut')).rejects.toMatchObject({ status: 404 });
	});
});

describe('bad parameters', () => {
	it.each([
		['_changes?since=abc'],
		['_changes?limit=-1'],
		['_changes?limit=1.5'],
		['_all_docs?startkey=42'],
		['_changes?feed=sideways'],
		['_changes?filter=_view'],
		['_changes?style=everything'],
		['_all_docs?startkey=notjson'],
		['_all_docs?limit=ten'],
		['_all_docs?include_docs=maybe'],
		['patient:keeper?open_revs=[1,2]']
	])('GET %s → 400', async (path) => {
		const res = await send('GET', path);
		expect(res.status).toBe(400);
		expect(res.json).toMatchObject({ error: 'bad_request', reason: expect.any(String) });
	});

	it('a huge limit is clamped, not refused', async () => {
		const res = await send('GET', '_changes?limit=999999999');
		expect(res.status).toBe(200);
		expect((res.json as { results: unknown[] }).results.length).toBeGreaterThan(0);
	});
});

describe('after all of that', () => {
	it('the server still serves and the stored document is untouched', async () => {
		expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
		const keeper = await send('GET', 'patient:keeper');
		expect(keeper).toMatchObject({ status: 200, json: { _id: 'patient:keeper', lastName: 'Muster-keeper' } });
		const all = await server.app.storage.database(DB).allDocs();
		// Beside it only the retention window's index design documents (PROTOCOL.md), which no user sees.
		expect(all.rows.map((r) => r.id).filter((id) => !id.startsWith('_design/'))).toEqual(['patient:keeper']);
	});
});
