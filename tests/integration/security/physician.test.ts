// A physician serves teams without replicating them: every path of a team database refuses them,
// even the databases of the very teams they serve. What they see of a team comes through the consult
// endpoints only (consults.test.ts).
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPatient } from '../../support/documents.ts';
import { login, remoteDb, startTestServer, TEST_PASSWORD, type TestServer } from '../../support/test-server.ts';

PouchDB.plugin(memoryAdapter);

let server: TestServer;
let physician: string;
const DB = 'team-pflege-a';

beforeAll(async () => {
	server = await startTestServer();
	const { accounts, storage } = server.app;
	await accounts.saveTeam({ id: 'pflege-a', name: 'Pflege A', kind: 'nursing', region: 'saalfeld' });
	await accounts.createUser({ username: 'dr.berg', displayName: 'Dr. Berg', role: 'arzt', teams: ['pflege-a'], password: TEST_PASSWORD });
	const secret = { ...testPatient('secret', 'nurse.a'), _attachments: { 'foto.jpg': { content_type: 'image/jpeg', data: Buffer.from('wound').toString('base64') } } };
	await storage.database(DB).put(secret as never);
	physician = await login(server.url, 'dr.berg');
});
afterAll(() => server.close());

async function call(method: string, path: string, body?: unknown, contentType = 'application/json') {
	const res = await fetch(`${server.url}${path}`, {
		method,
		headers: { authorization: `Bearer ${physician}`, 'content-type': contentType },
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
	});
	return { status: res.status, text: await res.text() };
}

/** Refused as CouchDB refuses: 403 `forbidden`, and not a word of the patient in the answer. */
function expectRefused(res: { status: number; text: string }): void {
	expect(res.status).toBe(403);
	expect(JSON.parse(res.text)).toMatchObject({ error: 'forbidden' });
	expect(res.text).not.toContain('Muster');
}

describe('a physician and the database of a team they serve', () => {
	it('refuses GET of the database', async () => {
		expectRefused(await call('GET', `/db/${DB}`));
	});

	it('refuses GET _changes', async () => {
		expectRefused(await call('GET', `/db/${DB}/_changes?include_docs=true`));
	});

	it('refuses the longpoll _changes feed', async () => {
		expectRefused(await call('GET', `/db/${DB}/_changes?feed=longpoll&timeout=100`));
	});

	it('refuses the continuous _changes feed', async () => {
		expectRefused(await call('GET', `/db/${DB}/_changes?feed=continuous&timeout=100`));
	});

	it('refuses POST _changes with the _doc_ids filter', async () => {
		expectRefused(await call('POST', `/db/${DB}/_changes?filter=_doc_ids`, { doc_ids: ['patient:secret'] }));
	});

	it('refuses GET _all_docs', async () => {
		expectRefused(await call('GET', `/db/${DB}/_all_docs?include_docs=true`));
	});

	it('refuses POST _all_docs with keys', async () => {
		expectRefused(await call('POST', `/db/${DB}/_all_docs`, { keys: ['patient:secret'] }));
	});

	it('refuses _bulk_get', async () => {
		expectRefused(await call('POST', `/db/${DB}/_bulk_get`, { docs: [{ id: 'patient:secret' }] }));
	});

	it('refuses _revs_diff', async () => {
		expectRefused(await call('POST', `/db/${DB}/_revs_diff`, { 'patient:secret': ['1-abc'] }));
	});

	it('refuses GET of a document', async () => {
		expectRefused(await call('GET', `/db/${DB}/patient:secret`));
	});

	it('refuses GET of a document with open_revs', async () => {
		expectRefused(await call('GET', `/db/${DB}/patient:secret?open_revs=all`));
	});

	it('refuses GET of an attachment', async () => {
		expectRefused(await call('GET', `/db/${DB}/patient:secret/foto.jpg`));
	});

	it('refuses PUT of an attachment', async () => {
		expectRefused(await call('PUT', `/db/${DB}/patient:secret/foto2.jpg?rev=1-x`, 'jpeg', 'image/jpeg'));
	});

	it('refuses GET of a replication checkpoint', async () => {
		expectRefused(await call('GET', `/db/${DB}/_local/checkpoint`));
	});

	it('refuses PUT of a replication checkpoint', async () => {
		expectRefused(await call('PUT', `/db/${DB}/_local/checkpoint`, { session_id: 'x' }));
	});

	it('refuses PUT of a document', async () => {
		expectRefused(await call('PUT', `/db/${DB}/patient:byphysician`, testPatient('byphysician', 'dr.berg')));
	});

	it('refuses DELETE of a document', async () => {
		expectRefused(await call('DELETE', `/db/${DB}/patient:secret?rev=1-x`));
	});

	it('refuses _bulk_docs', async () => {
		expectRefused(await call('POST', `/db/${DB}/_bulk_docs`, { docs: [testPatient('bulk', 'dr.berg')] }));
	});

	it('refuses _bulk_docs with new_edits=false', async () => {
		const doc = { ...testPatient('replicated', 'dr.berg'), _rev: '1-abc', _revisions: { start: 1, ids: ['abc'] } };
		expectRefused(await call('POST', `/db/${DB}/_bulk_docs`, { docs: [doc], new_edits: false }));
	});

	it('refuses a stock PouchDB replication, which copies nothing', async () => {
		const local = new PouchDB(`physician-${Math.random()}`, { adapter: 'memory' });
		await expect(local.replicate.from(remoteDb(server.url, DB, physician))).rejects.toMatchObject({ status: 403 });
		expect((await local.info()).doc_count).toBe(0);
	});

	it('lists no database to replicate (_all_dbs, the profile)', async () => {
		expect(JSON.parse((await call('GET', '/db/_all_dbs')).text)).toEqual([]);
		const session = JSON.parse((await call('GET', '/api/session')).text) as { userCtx?: unknown; databases?: unknown; profile?: { databases: unknown } };
		expect(JSON.stringify(session)).not.toContain(DB);
	});

	it('refuses the team\'s member list', async () => {
		expectRefused(await call('GET', '/api/teams/pflege-a/members'));
	});

	it('wrote nothing into the team database', async () => {
		const all = await server.app.storage.database(DB).allDocs();
		expect(all.rows.map((row) => row.id)).toEqual(['patient:secret']);
	});
});

describe('a physician account', () => {
	it('serves teams of one region only, and no dispatch centre', async () => {
		const { accounts } = server.app;
		await accounts.saveTeam({ id: 'rw-jena', name: 'RW Jena', kind: 'ambulance', region: 'jena' });
		await accounts.saveTeam({ id: 'leitstelle-a', name: 'Leitstelle', kind: 'dispatch', region: 'saalfeld' });
		const user = { username: 'dr.two', displayName: 'Dr. Two', role: 'arzt', password: TEST_PASSWORD };
		await expect(accounts.createUser({ ...user, teams: ['pflege-a', 'rw-jena'] })).rejects.toMatchObject({ status: 400, reason: expect.stringContaining("physician's teams must be of one region") });
		await expect(accounts.createUser({ ...user, teams: ['leitstelle-a'] })).rejects.toMatchObject({ status: 400 });
	});

	it('is created by the admin through the admin API, and lists no database to replicate', async () => {
		await server.app.accounts.createUser({ username: 'admin', displayName: 'Admin', role: 'admin', teams: [], password: TEST_PASSWORD });
		const admin = await login(server.url, 'admin');
		const res = await fetch(`${server.url}/api/admin/users`, {
			method: 'POST',
			headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
			body: JSON.stringify({ username: 'dr.neu', displayName: 'Dr. Neu', role: 'arzt', teams: ['pflege-a'] })
		});
		expect(res.status).toBe(201);
		const users = (await (await fetch(`${server.url}/api/admin/users`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { users: { username: string; role: string }[] };
		expect(users.users.find((u) => u.username === 'dr.neu')).toMatchObject({ role: 'arzt' });
		expect((await server.app.accounts.profile('dr.neu'))?.databases).toEqual([]);
	});
});
