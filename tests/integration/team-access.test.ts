// Nothing readable by a user outside their team: every read and write path of a team database,
// tried with no credentials, with another team's nurse and with the admin.
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPatient } from '../support/documents.ts';
import { login, remoteDb, startTwoTeamServer, TEST_PASSWORD, type TestServer } from '../support/test-server.ts';

PouchDB.plugin(memoryAdapter);

let server: TestServer;
let nurseA: string;
let nurseB: string;
let admin: string;

beforeAll(async () => {
	server = await startTwoTeamServer();
	const secret = { ...testPatient('secret', 'nurse.b'), _attachments: { 'foto.jpg': { content_type: 'image/jpeg', data: Buffer.from('wound').toString('base64') } } };
	await server.app.storage.database('team-pflege-b').put(secret as never);
	[nurseA, nurseB, admin] = await Promise.all([login(server.url, 'nurse.a'), login(server.url, 'nurse.b'), login(server.url, 'admin')]);
});
afterAll(() => server.close());

/** Every way to read or write team B's database, as [method, path, body]. */
const PATHS: [string, string, unknown?][] = [
	['GET', 'team-pflege-b'],
	['GET', 'team-pflege-b/_changes?include_docs=true'],
	['GET', 'team-pflege-b/_changes?feed=longpoll&timeout=100'],
	['POST', 'team-pflege-b/_changes?filter=_doc_ids', { doc_ids: ['patient:secret'] }],
	['GET', 'team-pflege-b/_all_docs?include_docs=true'],
	['POST', 'team-pflege-b/_all_docs', { keys: ['patient:secret'] }],
	['POST', 'team-pflege-b/_bulk_get', { docs: [{ id: 'patient:secret' }] }],
	['GET', 'team-pflege-b/patient:secret'],
	['GET', 'team-pflege-b/patient:secret?open_revs=all'],
	['GET', 'team-pflege-b/patient:secret/foto.jpg'],
	['GET', 'team-pflege-b/_local/checkpoint'],
	['POST', 'team-pflege-b/_revs_diff', { 'patient:x': ['1-abc'] }],
	['POST', 'team-pflege-b/_bulk_docs', { docs: [testPatient('intruder', 'nurse.a')] }],
	['PUT', 'team-pflege-b/patient:intruder2', testPatient('intruder2', 'nurse.a')]
];

async function call(token: string | undefined, [method, path, body]: [string, string, unknown?]) {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (token) headers.authorization = `Bearer ${token}`;
	const res = await fetch(`${server.url}/db/${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
	const text = await res.text();
	return { status: res.status, text };
}

describe('a team database seen from outside the team', () => {
	it.each(PATHS)('%s /db/%s without credentials → 401', async (...request) => {
		const res = await call(undefined, request);
		expect(res.status).toBe(401);
		expect(JSON.parse(res.text)).toMatchObject({ error: 'unauthorized' });
	});

	it.each(PATHS)('%s /db/%s as a nurse of another team → 403, nothing leaks', async (...request) => {
		const res = await call(nurseA, request);
		expect(res.status).toBe(403);
		expect(JSON.parse(res.text)).toMatchObject({ error: 'forbidden' });
		expect(res.text).not.toContain('secret');
	});

	it.each(PATHS)('%s /db/%s as the admin (no clinical data) → 403', async (...request) => {
		expect((await call(admin, request)).status).toBe(403);
	});

	it('wrote nothing into the other team\'s database', async () => {
		const all = await server.app.storage.database('team-pflege-b').allDocs();
		expect(all.rows.map((r) => r.id)).toEqual(['patient:secret']);
	});

	it('a stock PouchDB client of another team replicates nothing', async () => {
		const local = new PouchDB(`outsider-${Math.random()}`, { adapter: 'memory' });
		await expect(local.replicate.from(remoteDb(server.url, 'team-pflege-b', nurseA))).rejects.toMatchObject({ status: 403 });
		expect((await local.info()).doc_count).toBe(0);
	});

	it('the team\'s own nurse reads it', async () => {
		const res = await call(nurseB, ['GET', 'team-pflege-b/patient:secret']);
		expect(res.status).toBe(200);
		expect(JSON.parse(res.text)).toMatchObject({ _id: 'patient:secret' });
	});
});

describe('database names', () => {
	it('answers 404 for a team that does not exist and for names that are no team database', async () => {
		for (const path of ['team-doesnotexist', 'not-a-team', 'fieldcare-private', '_users']) {
			const res = await call(nurseA, ['GET', path]);
			expect(res.status).toBe(404);
			expect(JSON.parse(res.text)).toMatchObject({ error: 'not_found' });
		}
	});

	it('lists only the user\'s own databases', async () => {
		const res = await call(nurseA, ['GET', '_all_dbs']);
		expect(JSON.parse(res.text)).toEqual(['team-pflege-a']);
	});

	it('refuses design documents (no server-side code)', async () => {
		const res = await call(nurseA, ['PUT', 'team-pflege-a/_design/x', { views: {} }]);
		expect(res.status).toBe(403);
	});
});

describe('administration', () => {
	const admin$ = (token: string, method: string, path: string, body?: unknown) =>
		fetch(`${server.url}/api/admin/${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

	it('is for the admin only', async () => {
		expect((await admin$(nurseA, 'GET', 'users')).status).toBe(403);
		expect((await fetch(`${server.url}/api/admin/users`)).status).toBe(401);
		const users = (await (await admin$(admin, 'GET', 'users')).json()) as { users: { username: string }[] };
		expect(users.users.map((u) => u.username)).toEqual(['admin', 'nurse.a', 'nurse.b']);
		expect(JSON.stringify(users)).not.toContain('scrypt');
	});

	it('creates a team and a user who then reaches exactly the new team\'s database', async () => {
		expect((await admin$(admin, 'POST', 'teams', { id: 'pflege-c', name: 'Pflege C', kind: 'nursing', region: 'test' })).status).toBe(201);
		const created = await admin$(admin, 'POST', 'users', { username: 'nurse.c', displayName: 'Nurse C', role: 'nurse', teams: ['pflege-c'] });
		expect(created.status).toBe(201);
		// The user replaces the one-time password the admin was given (security/audit.test.ts).
		const { oneTimePassword } = (await created.json()) as { oneTimePassword: string };
		const first = await login(server.url, 'nurse.c', oneTimePassword);
		const changed = await fetch(`${server.url}/api/session/password`, { method: 'POST', headers: { authorization: `Bearer ${first}`, 'content-type': 'application/json' }, body: JSON.stringify({ oldPassword: oneTimePassword, newPassword: TEST_PASSWORD }) });
		expect(changed.status).toBe(200);
		const token = await login(server.url, 'nurse.c');
		expect((await call(token, ['GET', 'team-pflege-c'])).status).toBe(200);
		expect((await call(token, ['GET', 'team-pflege-a'])).status).toBe(403);
	});

	it('refuses unknown teams, team memberships for admins, duplicates and passwords chosen by the admin with 4xx', async () => {
		const user = { username: 'x.y', displayName: 'X', role: 'nurse', teams: ['nope'] };
		expect((await admin$(admin, 'POST', 'users', user)).status).toBe(400);
		expect((await admin$(admin, 'POST', 'users', { ...user, role: 'admin', teams: ['pflege-a'] })).status).toBe(400);
		expect((await admin$(admin, 'POST', 'users', { ...user, teams: [], password: TEST_PASSWORD })).status).toBe(400);
		expect((await admin$(admin, 'POST', 'users', { ...user, username: 'nurse.a', teams: [] })).status).toBe(409);
	});
});
