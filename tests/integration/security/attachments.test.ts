// Issue 11, item 7: an uploaded page must never run as script on the app's origin. Every write
// path refuses what is not an image or a PDF (and bytes that are not what their type says), and
// every attachment, whenever it was stored, is served as a download that cannot run.
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileBytes, HTML_PAGE, inlineAttachment } from '../../support/attachments.ts';
import { testPatient } from '../../support/documents.ts';
import { login, remoteDb, startTwoTeamServer, type TestServer } from '../../support/test-server.ts';

PouchDB.plugin(memoryAdapter);

const DB = 'team-pflege-a';
const ADMIN = { name: 'couch-admin', password: 'admin-password-0123456789' };
const html = { content_type: 'text/html', data: Buffer.from(HTML_PAGE).toString('base64') };

let server: TestServer;
let nurse: string;

beforeAll(async () => {
	server = await startTwoTeamServer({ serverAdmin: ADMIN });
	nurse = await login(server.url, 'nurse.a');
});
afterAll(() => server.close());

async function send(method: string, path: string, body: unknown, headers: Record<string, string> = {}) {
	const res = await fetch(`${server.url}/db/${DB}/${path}`, {
		method,
		headers: { authorization: `Bearer ${nurse}`, 'content-type': 'application/json', ...headers },
		body: Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body)
	});
	return { status: res.status, json: (await res.json()) as unknown };
}

/** Nothing of the document reached storage. */
async function notStored(id: string) {
	await expect(server.app.storage.database(DB).get(id)).rejects.toMatchObject({ status: 404 });
}

describe('attachment uploads', () => {
	it('refuses an HTML attachment inline in a document PUT', async () => {
		const doc = { ...testPatient('html-put', 'nurse.a'), _attachments: { 'befund.html': html } };
		const res = await send('PUT', 'patient:html-put', doc);
		expect(res).toMatchObject({ status: 403, json: { error: 'forbidden', reason: expect.stringContaining('content_type') } });
		await notStored('patient:html-put');
	});

	it('refuses an HTML attachment inline in _bulk_docs, per document, and stores the rest', async () => {
		const res = await send('POST', '_bulk_docs', { docs: [{ ...testPatient('html-bulk', 'nurse.a'), _attachments: { 'x.html': html } }, testPatient('bulk-fine', 'nurse.a')] });
		expect(res.status).toBe(201);
		expect(res.json).toMatchObject([{ id: 'patient:html-bulk', error: 'forbidden' }, { ok: true, id: 'patient:bulk-fine' }]);
		await notStored('patient:html-bulk');
	});

	it('refuses an HTML attachment replicated with new_edits=false (a stock client is denied and goes on)', async () => {
		const device = new PouchDB(`html-device-${Math.random()}`, { adapter: 'memory' });
		await device.bulkDocs([{ ...testPatient('html-repl', 'nurse.a'), _attachments: { 'x.html': html } }, testPatient('repl-fine', 'nurse.a')]);
		const denied: unknown[] = [];
		const push = await device.replicate.to(remoteDb(server.url, DB, nurse)).on('denied', (err) => denied.push(err));
		expect(push).toMatchObject({ docs_written: 1, doc_write_failures: 1 });
		expect(JSON.stringify(denied)).toContain('content_type');
		await notStored('patient:html-repl');
		const direct = await send('POST', '_bulk_docs', { new_edits: false, docs: [{ ...testPatient('html-raw', 'nurse.a'), _rev: '1-abc', _attachments: { 'x.html': html } }] });
		expect(direct).toMatchObject({ status: 201, json: [{ error: 'forbidden' }] });
		await notStored('patient:html-raw');
	});

	it('refuses an HTML attachment through the standalone attachment PUT', async () => {
		const { rev } = await remoteDb(server.url, DB, nurse).put(testPatient('html-standalone', 'nurse.a'));
		const res = await send('PUT', `patient:html-standalone/befund.html?rev=${rev}`, Buffer.from(HTML_PAGE), { 'content-type': 'text/html' });
		expect(res).toMatchObject({ status: 403, json: { error: 'forbidden', reason: expect.stringContaining('content_type') } });
		expect((await server.app.storage.database(DB).get('patient:html-standalone'))._attachments).toBeUndefined();
	});

	it('refuses HTML bytes declared as PNG, inline and standalone', async () => {
		const disguised = { content_type: 'image/png', data: Buffer.from(HTML_PAGE).toString('base64') };
		const inline = await send('PUT', 'patient:disguised', { ...testPatient('disguised', 'nurse.a'), _attachments: { 'foto.png': disguised } });
		expect(inline).toMatchObject({ status: 403, json: { error: 'forbidden', reason: expect.stringContaining('not image/png') } });
		await notStored('patient:disguised');
		const { rev } = await remoteDb(server.url, DB, nurse).put(testPatient('disguised-2', 'nurse.a'));
		const standalone = await send('PUT', `patient:disguised-2/foto.png?rev=${rev}`, Buffer.from(HTML_PAGE), { 'content-type': 'image/png' });
		expect(standalone).toMatchObject({ status: 403, json: { error: 'forbidden', reason: expect.stringContaining('not image/png') } });
	});

	it('refuses a stub that relabels stored bytes as HTML', async () => {
		const db = remoteDb(server.url, DB, nurse);
		await db.put({ ...testPatient('relabel', 'nurse.a'), _attachments: { 'foto.png': inlineAttachment('image/png') } });
		const stored = await db.get('patient:relabel');
		const relabelled = { ...stored, _attachments: { 'foto.png': { ...stored._attachments!['foto.png'], content_type: 'text/html' } } };
		const res = await send('PUT', 'patient:relabel', { ...relabelled, updatedBy: 'nurse.a', updatedAt: new Date().toISOString() });
		expect(res).toMatchObject({ status: 403, json: { error: 'forbidden', reason: expect.stringContaining('content_type') } });
	});

	it('refuses SVG, XML and octet-stream as well: only PNG, JPEG, WebP and PDF', async () => {
		for (const type of ['image/svg+xml', 'text/xml', 'application/xhtml+xml', 'application/octet-stream', 'text/plain']) {
			const res = await send('PUT', 'patient:other-type', { ...testPatient('other-type', 'nurse.a'), _attachments: { x: { content_type: type, data: fileBytes('image/png').toString('base64') } } });
			expect(res.status, type).toBe(403);
		}
		for (const type of ['image/png', 'image/jpeg', 'image/webp', 'application/pdf'] as const) {
			const res = await send('PUT', `patient:allowed-${type.split('/')[1]}`, { ...testPatient(`allowed-${type.split('/')[1]}`, 'nurse.a'), _attachments: { x: inlineAttachment(type) } });
			expect(res.status, type).toBe(201);
		}
	});

	it('answers invalid base64 with a 400 (PUT) and a per-document refusal (_bulk_docs), never a 500', async () => {
		for (const data of ['not base64!', 'iVBORw0KGgo', 'QR==', '====']) {
			const bad = { content_type: 'image/png', data };
			const put = await send('PUT', 'patient:bad-base64', { ...testPatient('bad-base64', 'nurse.a'), _attachments: { 'x.png': bad } });
			expect(put, data).toMatchObject({ status: 400, json: { error: 'bad_request', reason: expect.stringContaining('base64') } });
			const bulk = await send('POST', '_bulk_docs', { docs: [{ ...testPatient('bad-base64', 'nurse.a'), _attachments: { 'x.png': bad } }] });
			expect(bulk, data).toMatchObject({ status: 201, json: [{ error: 'forbidden', reason: expect.stringContaining('base64') }] });
		}
		await notStored('patient:bad-base64');
		// The server admin is held to the same rules: no 500 for it either.
		const res = await fetch(`${server.url}/db/${DB}/_bulk_docs`, {
			method: 'POST',
			headers: { authorization: `Basic ${Buffer.from(`${ADMIN.name}:${ADMIN.password}`).toString('base64')}`, 'content-type': 'application/json' },
			body: JSON.stringify({ new_edits: false, docs: [{ _id: 'free', _rev: '1-a', _attachments: { 'x.png': { content_type: 'image/png', data: '%%%' } } }, { _id: 'free-html', _rev: '1-b', _attachments: { 'x.html': html } }] })
		});
		expect(res.status).toBe(201);
		expect(await res.json()).toMatchObject([{ error: 'forbidden' }, { error: 'forbidden' }]);
	});
});

describe('attachment downloads', () => {
	it('serves an attachment as a download with nosniff and a sandboxing CSP', async () => {
		const png = fileBytes('image/png');
		await remoteDb(server.url, DB, nurse).put({ ...testPatient('served', 'nurse.a'), _attachments: { 'wunde "links".png': inlineAttachment('image/png', png) } });
		const res = await fetch(`${server.url}/db/${DB}/patient:served/${encodeURIComponent('wunde "links".png')}`, { headers: { authorization: `Bearer ${nurse}` } });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('image/png');
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="wunde__links_.png"');
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
		expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
	});

	it('serves an HTML attachment stored before the allow-list as opaque bytes to download, never as text/html', async () => {
		// Written straight into storage, past the server's checks, as an old upload would be.
		await server.app.storage.database(DB).put({ ...testPatient('legacy', 'nurse.a'), _attachments: { 'scans/befund.html': html } } as never);
		const res = await fetch(`${server.url}/db/${DB}/patient:legacy/${encodeURIComponent('scans/befund.html')}`, { headers: { authorization: `Bearer ${nurse}` } });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/octet-stream');
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="befund.html"');
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
		// The document itself still replicates: its metadata keeps the stored type.
		const device = new PouchDB(`legacy-${Math.random()}`, { adapter: 'memory' });
		await device.replicate.from(remoteDb(server.url, DB, nurse), { doc_ids: ['patient:legacy'] });
		expect((await device.get('patient:legacy'))._attachments?.['scans/befund.html']).toMatchObject({ content_type: 'text/html' });
	});
});
