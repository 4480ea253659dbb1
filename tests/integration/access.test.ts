// Who may reach which database: no credentials, a nurse of another team, the admin, unknown
// databases, and the admin API that creates teams and users.
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPatient } from '../support/documents.ts';
import { login, remoteDb, seedTwoTeams, startTestServer, TEST_PASSWORD, type TestServer } from '../support/test-server.ts';

PouchDB.plugin(memoryAdapter);

let server: TestServer;
let nurseA: string;
let admin: string;

beforeAll(async () => {
	server = await startTestServer();
	await seedTwoTeams(server.app);
	await server.app.storage.database('team-pflege-a').put(testPatient('mine', 'nurse.a') as never);
	await server.app.storage.database('team-pflege-b').put(testPatient('secret', 'nurse.b') as never);
	[nurseA, admin] = await Promise.all([login(server.url, 'nurse.a'), login(server.url, 'admin')]);
});
afterAll(() => server.close());

async function call(method: string, path: string, token?: string, body?: unknown) {
	const headers: Record<string, string> = {};
	if (token) headers.authorization = `Bearer ${token}`;
	if (body !== undefined) headers['content-type'] = 'application/json';
	const res = await fetch(`${server.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
	return { status: res.status, body: (await res.json()) as unknown };
}

const couchError = (error: string) => ({ error, reason: expect.any(String) });
const idsIn = async (dbName: string) => (await server.app.storage.database(dbName).allDocs()).rows.map((row) => row.id);

describe('without credentials', () => {
	it.each([
		['GET', '/db/team-pflege-a'],
		['GET', '/db/team-pflege-a/_changes'],
		['GET', '/db/team-pflege-a/_all_docs'],
		['POST', '/db/team-pflege-a/_bulk_docs', { docs: [testPatient('anon', 'nurse.a')] }],
		['GET', '/db/_all_dbs']
	])('%s %s → 401 unauthorized', async (method, path, body?: unknown) => {
		const res = await call(method, path, undefined, body);
		expect(res.status).toBe(401);
		expect(res.body).toEqual(couchError('unauthorized'));
	});
});

describe('a nurse in their own team', () => {
	it('reaches team-pflege-a: info, _changes and _all_docs', async () => {
		const info = await call('GET', '/db/team-pflege-a', nurseA);
		expect(info.status).toBe(200);
		expect(info.body).toMatchObject({ db_name: 'team-pflege-a', doc_count: 1 });
		const changes = await call('GET', '/db/team-pflege-a/_changes', nurseA);
		expect(changes.status).toBe(200);
		expect((changes.body as { results: { id: string }[] }).results.map((r) => r.id)).toEqual(['patient:mine']);
		const all = await call('GET', '/db/team-pflege-a/_all_docs', nurseA);
		expect(all.status).toBe(200);
		expect(all.body).toMatchObject({ total_rows: 1, rows: [{ id: 'patient:mine' }] });
	});

	it('_all_dbs lists only the databases of the own team', async () => {
		const res = await call('GET', '/db/_all_dbs', nurseA);
		expect(res.status).toBe(200);
		expect(res.body).toEqual(['team-pflege-a']);
	});
});

describe("a nurse in another team's database", () => {
	it.each([
		['GET', '/db/team-pflege-b'],
		['GET', '/db/team-pflege-b/_changes?include_docs=true'],
		['GET', '/db/team-pflege-b/_all_docs?include_docs=true'],
		['POST', '/db/team-pflege-b/_bulk_get', { docs: [{ id: 'patient:secret' }] }],
		['GET', '/db/team-pflege-b/patient:secret'],
		['POST', '/db/team-pflege-b/_bulk_docs', { docs: [testPatient('intruder', 'nurse.a')] }],
		['PUT', '/db/team-pflege-b/patient:intruder2', testPatient('intruder2', 'nurse.a')]
	])('%s %s → 403 forbidden, nothing of team B in the answer', async (method, path, body?: unknown) => {
		const res = await call(method, path, nurseA, body);
		expect(res.status).toBe(403);
		expect(res.body).toEqual(couchError('forbidden'));
		expect(JSON.stringify(res.body)).not.toContain('Muster-secret');
	});

	it('nothing was written to team-pflege-b', async () => {
		expect(await idsIn('team-pflege-b')).toEqual(['patient:secret']);
	});

	it('a stock PouchDB replication from team-pflege-b fails and yields no documents', async () => {
		const local = new PouchDB(`steal-${Math.random()}`, { adapter: 'memory' });
		await expect(local.replicate.from(remoteDb(server.url, 'team-pflege-b', nurseA))).rejects.toMatchObject({ status: 403 });
		expect((await local.allDocs()).rows).toEqual([]);
		expect(await idsIn('team-pflege-b')).toEqual(['patient:secret']);
	});
});

describe('the admin and unknown databases', () => {
	it('the admin (no team memberships) → 403 on team databases', async () => {
		for (const path of ['/db/team-pflege-a', '/db/team-pflege-b/_all_docs', '/db/team-pflege-a/_changes']) {
			const res = await call('GET', path, admin);
			expect(res.status).toBe(403);
			expect(res.body).toEqual(couchError('forbidden'));
		}
		expect((await call('GET', '/db/_all_dbs', admin)).body).toEqual([]);
	});

	it('a team database that does not exist → 404 not_found; so does a name that is no team database', async () => {
		for (const path of ['/db/team-doesnotexist', '/db/not-a-team', '/db/team-doesnotexist/_all_docs', '/db/fieldcare-private']) {
			const res = await call('GET', path, nurseA);
			expect(res.status).toBe(404);
			expect(res.body).toEqual(couchError('not_found'));
		}
	});

	it('design documents cannot be written → 403 forbidden', async () => {
		const res = await call('PUT', '/db/team-pflege-a/_design/x', nurseA, { views: { all: { map: 'function (doc) { emit(doc._id) }' } } });
		expect(res.status).toBe(403);
		expect(res.body).toEqual(couchError('forbidden'));
		await expect(server.app.storage.database('team-pflege-a').get('_design/x')).rejects.toMatchObject({ status: 404 });
	});
});

describe('/api/admin', () => {
	it('is 403 for a nurse, 401 without credentials and 200 for the admin', async () => {
		const nurse = await call('GET', '/api/admin/users', nurseA);
		expect(nurse.status).toBe(403);
		expect(nurse.body).toEqual(couchError('forbidden'));
		expect(await call('POST', '/api/admin/teams', nurseA, { id: 'sneaky', name: 'Sneaky', kind: 'nursing', region: 'x' })).toMatchObject({ status: 403 });
		expect((await call('GET', '/api/admin/users')).status).toBe(401);
		const res = await call('GET', '/api/admin/users', admin);
		expect(res.status).toBe(200);
		const users = (res.body as { users: { username: string }[] }).users;
		expect(users.map((u) => u.username).sort()).toEqual(['admin', 'nurse.a', 'nurse.b']);
		expect(JSON.stringify(res.body)).not.toContain('passwordHash');
		expect(await server.app.accounts.getTeam('sneaky')).toBeUndefined();
	});

	it('creates a team and a user; the new user signs in and reaches only the new team database', async () => {
		const team = await call('POST', '/api/admin/teams', admin, { id: 'pflege-c', name: 'Pflege C', kind: 'nursing', region: 'test' });
		expect(team.status).toBe(201);
		expect(team.body).toMatchObject({ ok: true, team: { id: 'pflege-c' } });
		const user = await call('POST', '/api/admin/users', admin, {
			username: 'nurse.c',
			displayName: 'Nurse C',
			role: 'nurse',
			teams: ['pflege-c'],
			password: TEST_PASSWORD
		});
		expect(user.status).toBe(201);
		expect(user.body).toEqual({ ok: true });

		const token = await login(server.url, 'nurse.c');
		const info = await call('GET', '/db/team-pflege-c', token);
		expect(info.status).toBe(200);
		expect(info.body).toMatchObject({ db_name: 'team-pflege-c', doc_count: 0 });
		expect((await call('GET', '/db/_all_dbs', token)).body).toEqual(['team-pflege-c']);
		expect((await call('GET', '/db/team-pflege-a', token)).status).toBe(403);
	});

	it('a user in an unknown team → 400; an admin with teams → 400; neither is created', async () => {
		const unknownTeam = await call('POST', '/api/admin/users', admin, {
			username: 'nurse.x',
			displayName: 'Nurse X',
			role: 'nurse',
			teams: ['no-such-team'],
			password: TEST_PASSWORD
		});
		expect(unknownTeam.status).toBe(400);
		expect(unknownTeam.body).toEqual({ error: 'bad_request', reason: expect.stringContaining('no-such-team') });
		const adminWithTeams = await call('POST', '/api/admin/users', admin, {
			username: 'admin.two',
			displayName: 'Admin Two',
			role: 'admin',
			teams: ['pflege-a'],
			password: TEST_PASSWORD
		});
		expect(adminWithTeams.status).toBe(400);
		expect(adminWithTeams.body).toEqual(couchError('bad_request'));
		const users = (await server.app.accounts.listUsers()).map((u) => u.username);
		expect(users).not.toContain('nurse.x');
		expect(users).not.toContain('admin.two');
	});
});
