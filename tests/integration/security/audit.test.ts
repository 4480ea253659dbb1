// The audit trail and one-time passwords against a real server: sign-ins, failed sign-ins, admin
// actions, replication reads and writes each leave the right entry with its subjects; no clinical
// content in the trail; nobody edits it through /db or /api; admins choose no passwords.
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docId, SCHEMA_VERSION, type AuditAdminRow, type AuditSignInRow, type AuditSubjectRow, type Note } from '../../../src/lib/domain/index.ts';
import { AUDIT_DB } from '../../../sync-server/src/audit.ts';
import { testObservation, testPatient } from '../../support/documents.ts';
import { login, remoteDb, seedTwoTeams, startTestServer, startTwoTeamServer, TEST_PASSWORD, type TestServer } from '../../support/test-server.ts';

PouchDB.plugin(memoryAdapter);

const DEVICE = 'dev-audit-test-1';
/** Clinical content written in this test, looked for in the stored trail. */
const SECRET_NOTE = 'Dekubitus Grad 3 sakral, Verdacht auf Osteomyelitis';
const SECRET_VALUE = 187.25;

let server: TestServer;
let admin: string;
let nurseA: string;

async function call(token: string | undefined, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
	return fetch(`${server.url}${path}`, {
		method,
		headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
}

async function signIn(username: string, password: string, headers: Record<string, string> = {}): Promise<{ status: number; body: { token?: string; mustChangePassword?: boolean } }> {
	const res = await call(undefined, 'POST', '/api/session', { username, password, bearer: true }, headers);
	return { status: res.status, body: (await res.json()) as { token?: string; mustChangePassword?: boolean } };
}

async function json<T>(res: Response): Promise<T> {
	expect(res.status).toBe(200);
	return (await res.json()) as T;
}

const signIns = async () => (await json<{ entries: AuditSignInRow[] }>(await call(admin, 'GET', '/api/admin/audit/sign-ins'))).entries;
const adminActions = async () => (await json<{ entries: AuditAdminRow[] }>(await call(admin, 'GET', '/api/admin/audit/admin-actions'))).entries;
const entriesOf = async (subject: string) =>
	(await json<{ entries: AuditSubjectRow[] }>(await call(admin, 'GET', `/api/admin/audit/subjects/${encodeURIComponent(subject)}`))).entries;

/** Everything stored in the audit database, as text. */
async function storedTrail(): Promise<string> {
	await server.app.audit.flush();
	const all = await server.app.storage.database(AUDIT_DB).allDocs({ include_docs: true });
	return JSON.stringify(all.rows.map((row) => row.doc));
}

/** Inside the notes' retention window whatever day the test runs: a pull from scratch gets it. */
const NOTE_AT = new Date(Date.now() - 60 * 60_000).toISOString();

function note(key: string, patientKey: string, text: string): Note {
	return { _id: docId('note', key), type: 'note', schemaVersion: SCHEMA_VERSION, createdAt: NOTE_AT, createdBy: 'nurse.a', deviceId: DEVICE, patientId: docId('patient', patientKey), text };
}

beforeAll(async () => {
	server = await startTwoTeamServer();
	admin = await login(server.url, 'admin');
	nurseA = await login(server.url, 'nurse.a');
});
afterAll(() => server.close());

describe('sign-ins', () => {
	it('records a sign-in with the user, role, address and device, never the password', async () => {
		const { status } = await signIn('nurse.a', TEST_PASSWORD, { 'x-fieldcare-device': DEVICE });
		expect(status).toBe(200);
		const entry = (await signIns()).find((e) => e.user === 'nurse.a' && e.device === DEVICE);
		expect(entry).toMatchObject({ outcome: 'signed-in', role: 'nurse', address: '127.0.0.1' });
		expect(await storedTrail()).not.toContain(TEST_PASSWORD);
	});

	it('records a failed sign-in under the name as typed, normalised, without the password tried', async () => {
		const { status } = await signIn('  Nurse.B ', 'wrong-password-guess-42', { 'x-fieldcare-device': DEVICE });
		expect(status).toBe(401);
		const entry = (await signIns()).find((e) => e.outcome === 'failed');
		expect(entry).toMatchObject({ user: 'nurse.b', address: '127.0.0.1', device: DEVICE });
		expect(await storedTrail()).not.toContain('wrong-password-guess-42');
	});

	it('keeps a device header that is not an id out of the trail', async () => {
		await signIn('nurse.a', TEST_PASSWORD, { 'x-fieldcare-device': 'x'.repeat(65) });
		const [latest] = await signIns();
		expect(latest).toMatchObject({ user: 'nurse.a', outcome: 'signed-in' });
		expect(latest.device).toBeUndefined();
	});
});

describe('admin actions', () => {
	it('records who created whom, who saved a team, who disabled and reset whom', async () => {
		expect((await call(admin, 'POST', '/api/admin/teams', { id: 'pflege-c', name: 'Pflege C', kind: 'nursing', region: 'test' })).status).toBe(201);
		expect((await call(admin, 'POST', '/api/admin/users', { username: 'nurse.c', displayName: 'Nurse C', role: 'nurse', teams: ['pflege-c'] })).status).toBe(201);
		expect((await call(admin, 'PATCH', '/api/admin/users/nurse.c', { teams: ['pflege-a', 'pflege-c'] })).status).toBe(200);
		expect((await call(admin, 'PATCH', '/api/admin/users/nurse.c', { disabled: true })).status).toBe(200);
		expect((await call(admin, 'POST', '/api/admin/users/nurse.c/password')).status).toBe(200);
		const actions = (await adminActions()).filter((a) => a.target === 'nurse.c' || a.target === 'pflege-c');
		expect(actions.map((a) => [a.user, a.action, a.target])).toEqual([
			['admin', 'password-reset', 'nurse.c'],
			['admin', 'user-disabled', 'nurse.c'],
			['admin', 'user-changed', 'nurse.c'],
			['admin', 'user-created', 'nurse.c'],
			['admin', 'team-saved', 'pflege-c']
		]);
		expect(actions[2].details).toMatchObject({ teams: ['pflege-a', 'pflege-c'] });
		expect(actions[3].details).toMatchObject({ role: 'nurse', teams: ['pflege-c'] });
		const trail = await storedTrail();
		expect(trail).not.toContain('scrypt');
	});
});

describe('who read or wrote a patient\'s documents', () => {
	const patientKey = 'bauer';
	const patientId = docId('patient', patientKey);
	const otherId = docId('patient', 'other');

	beforeAll(async () => {
		const source = new PouchDB(`push-${Math.random()}`, { adapter: 'memory' });
		const observations = Array.from({ length: 30 }, (_, i) => ({ ...testObservation(`${patientKey}:o${String(i).padStart(2, '0')}`, 'nurse.a', patientKey), value: i === 7 ? SECRET_VALUE : 70 }));
		await source.bulkDocs([
			testPatient(patientKey, 'nurse.a', { firstName: 'Sieglinde', lastName: 'Bauer' }),
			testPatient('other', 'nurse.a'),
			...observations,
			note('n1', patientKey, SECRET_NOTE)
		]);
		const deviceFetch = (input: string | Request, init?: RequestInit) => {
			const headers = new Headers(init?.headers);
			headers.set('authorization', `Bearer ${nurseA}`);
			headers.set('x-fieldcare-device', DEVICE);
			return PouchDB.fetch(input, { ...init, headers });
		};
		await source.replicate.to(new PouchDB(`${server.url}/db/team-pflege-a`, { fetch: deviceFetch } as PouchDB.Configuration.RemoteDatabaseConfiguration));
		const pull = new PouchDB(`pull-${Math.random()}`, { adapter: 'memory' });
		await pull.replicate.from(remoteDb(server.url, 'team-pflege-a', await login(server.url, 'nurse.a')));
	});

	it('records the push as written, with the device, the subjects and the document types', async () => {
		const written = (await entriesOf(patientId)).filter((e) => e.action === 'written');
		expect(written.length).toBeGreaterThan(0);
		expect(written.every((e) => e.user === 'nurse.a' && e.role === 'nurse' && e.device === DEVICE && e.via === '_bulk_docs' && e.database === 'team-pflege-a')).toBe(true);
		expect(written.reduce((n, e) => n + e.docCount, 0)).toBe(32);
		expect(new Set(written.flatMap((e) => e.docTypes))).toEqual(new Set(['patient', 'observation', 'note']));
		expect((await entriesOf(otherId)).filter((e) => e.action === 'written').reduce((n, e) => n + e.docCount, 0)).toBe(1);
	});

	it('records the pull as read: one entry per response, not one per document', async () => {
		const read = (await entriesOf(patientId)).filter((e) => e.action === 'read');
		expect(read.length).toBeGreaterThan(0);
		expect(read.length).toBeLessThan(5);
		expect(read.every((e) => e.user === 'nurse.a' && ['_bulk_get', '_all_docs'].includes(e.via))).toBe(true);
		expect(read.reduce((n, e) => n + e.docCount, 0)).toBe(32);
	});

	it('records a single GET and a _changes with include_docs, and nothing for a checkpoint', async () => {
		expect((await call(nurseA, 'GET', `/db/team-pflege-a/${encodeURIComponent(otherId)}`)).status).toBe(200);
		expect((await call(nurseA, 'GET', `/db/team-pflege-a/_changes?include_docs=true&filter=_doc_ids&doc_ids=${encodeURIComponent(JSON.stringify([otherId]))}`)).status).toBe(200);
		const vias = (await entriesOf(otherId)).filter((e) => e.action === 'read').map((e) => e.via);
		expect(vias).toEqual(expect.arrayContaining(['get', '_changes']));
		expect(await storedTrail()).not.toContain('_local/');
	});

	it('records what a live _changes feed with documents and the live stream sent, when they end', async () => {
		const patient = testPatient('live-read', 'nurse.a');
		const continuous = call(nurseA, 'GET', '/db/team-pflege-a/_changes?feed=continuous&include_docs=true&since=now&timeout=1500&heartbeat=500');
		const controller = new AbortController();
		const live = await fetch(`${server.url}/api/live?heartbeat=200`, { headers: { authorization: `Bearer ${nurseA}` }, signal: controller.signal });
		await new Promise((resolve) => setTimeout(resolve, 300));
		await server.app.storage.database('team-pflege-a').put(patient as never);
		expect(await (await continuous).text()).toContain(patient._id);
		// Read the console's stream until the change arrives, then hang up as a closed tab does.
		const reader = live.body!.getReader();
		let seen = '';
		while (!seen.includes(patient._id)) seen += new TextDecoder().decode((await reader.read()).value);
		controller.abort();
		await expect
			.poll(async () => {
				await server.app.audit.flush();
				return (await entriesOf(patient._id)).filter((e) => e.action === 'read').map((e) => e.via).sort();
			}, { timeout: 5000 })
			.toEqual(['_changes', 'live']);
		expect(await storedTrail()).not.toContain(patient.lastName);
	});

	it('names the patient of a deleted document from the revision the deletion ends', async () => {
		// Care managers (dispatcher role) plan visits and may delete them.
		await server.app.accounts.createUser({ username: 'pdl.a', displayName: 'PDL A', role: 'dispatcher', teams: ['pflege-a'], password: TEST_PASSWORD });
		const manager = await login(server.url, 'pdl.a');
		const visit = { _id: 'visit:audit-del', type: 'visit', schemaVersion: SCHEMA_VERSION, createdAt: '2026-11-24T08:00:00.000Z', createdBy: 'pdl.a', deviceId: DEVICE, patientId: otherId, date: '2026-11-24', windowStart: '07:00', windowEnd: '08:00', windowKind: 'hard', durationMin: 15, tasks: ['Insulingabe'], priority: 1, status: 'planned' };
		const put = (await (await call(manager, 'PUT', `/db/team-pflege-a/${encodeURIComponent(visit._id)}`, visit)).json()) as { rev: string };
		const before = (await entriesOf(otherId)).filter((e) => e.action === 'written' && e.docTypes.includes('visit')).length;
		expect((await call(manager, 'DELETE', `/db/team-pflege-a/${encodeURIComponent(visit._id)}?rev=${put.rev}`)).status).toBe(200);
		const visits = (await entriesOf(otherId)).filter((e) => e.action === 'written' && e.docTypes.includes('visit'));
		expect(visits.length).toBe(before + 1);
		expect(visits[0]).toMatchObject({ via: 'delete', user: 'pdl.a', role: 'dispatcher', docCount: 1 });
	});

	it('keeps clinical content out of every entry', async () => {
		const trail = await storedTrail();
		expect(trail).toContain(patientId);
		for (const clinical of [SECRET_NOTE, 'Dekubitus', String(SECRET_VALUE), '8867-4', 'Sieglinde', 'Markt 1']) expect(trail).not.toContain(clinical);
	});

	it('stores records opened on the device under the signed-in user, with arrival and device time, once', async () => {
		const event = { id: '01JDEVICE0000000000000000A', at: '2026-11-24T09:15:00.000Z', subject: patientId, database: 'team-pflege-a' };
		const upload = { events: [{ ...event, user: 'nurse.b' }] };
		for (let i = 0; i < 2; i++) expect((await call(nurseA, 'POST', '/api/audit/events', upload, { 'x-fieldcare-device': DEVICE })).status).toBe(200);
		const opened = (await entriesOf(patientId)).filter((e) => e.action === 'opened');
		expect(opened).toHaveLength(1);
		expect(opened[0]).toMatchObject({ user: 'nurse.a', role: 'nurse', device: DEVICE, deviceAt: event.at, via: 'app', docTypes: ['patient'] });
		expect(Date.parse(opened[0].at)).toBeGreaterThan(Date.parse(event.at));
	});

	it('refuses uploads that are not the app\'s opened events', async () => {
		expect((await call(undefined, 'POST', '/api/audit/events', { events: [] })).status).toBe(401);
		const bad = [{ id: 'x', at: 'now', subject: 'patient:a' }, { id: '01JDEVICE0000000000000000B', at: '2026-11-24T09:15:00.000Z', subject: 'visit:a' }];
		for (const event of bad) expect((await call(nurseA, 'POST', '/api/audit/events', { events: [event] })).status).toBe(400);
		expect((await call(nurseA, 'POST', '/api/audit/events', { events: Array.from({ length: 501 }, () => bad[1]) })).status).toBe(400);
	});
});

describe('the data-protection view', () => {
	it('finds a patient by name with identification only, and audits the search and the listing', async () => {
		const found = await json<{ patients: Record<string, unknown>[] }>(await call(admin, 'GET', `/api/admin/audit/patients?q=${encodeURIComponent('Frau Bauer')}`));
		expect(found.patients).toEqual([{ id: 'patient:bauer', firstName: 'Sieglinde', lastName: 'Bauer', birthDate: '1941-03-02', team: 'pflege-a', teamName: 'Pflege A' }]);
		await entriesOf('patient:bauer');
		const actions = (await adminActions()).slice(0, 2);
		expect(actions.map((a) => [a.action, a.target])).toEqual([
			['audit-listed', 'patient:bauer'],
			['audit-searched', 'Frau Bauer']
		]);
		expect((await entriesOf('patient:bauer'))[0]).toMatchObject({ action: 'audit-viewed', user: 'admin' });
	});

	it('is refused to non-admins (403) and to anonymous callers (401)', async () => {
		const paths = ['/api/admin/audit/patients?q=Bauer', '/api/admin/audit/subjects/patient%3Abauer', '/api/admin/audit/sign-ins', '/api/admin/audit/admin-actions'];
		for (const path of paths) {
			expect((await call(nurseA, 'GET', path)).status).toBe(403);
			expect((await call(undefined, 'GET', path)).status).toBe(401);
		}
	});
});

describe('the trail cannot be changed', () => {
	it('is not reachable, writable or deletable through /db for any user', async () => {
		await server.app.audit.flush();
		const [someId] = (await server.app.storage.database(AUDIT_DB).allDocs({ limit: 1 })).rows.map((row) => row.id);
		const before = await storedTrail();
		for (const token of [admin, nurseA]) {
			const attempts: [string, string, unknown?][] = [
				['GET', `/db/${AUDIT_DB}`],
				['GET', `/db/${AUDIT_DB}/_all_docs?include_docs=true`],
				['GET', `/db/${AUDIT_DB}/${encodeURIComponent(someId)}`],
				['PUT', `/db/${AUDIT_DB}/forged`, { user: 'nobody' }],
				['POST', `/db/${AUDIT_DB}/_bulk_docs`, { docs: [{ _id: someId, _deleted: true }] }],
				['DELETE', `/db/${AUDIT_DB}/${encodeURIComponent(someId)}?rev=1-x`],
				['DELETE', `/db/${AUDIT_DB}`],
				['PUT', `/db/${AUDIT_DB}`]
			];
			for (const [method, path, body] of attempts) expect([401, 403, 404, 412]).toContain((await call(token, method, path, body)).status);
			expect(await json<string[]>(await call(token, 'GET', '/db/_all_dbs'))).not.toContain(AUDIT_DB);
		}
		expect(await storedTrail()).toBe(before);
	});

	it('has no /api path that writes, changes or deletes entries', async () => {
		for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
			for (const path of ['/api/admin/audit/sign-ins', '/api/admin/audit/admin-actions', '/api/admin/audit/subjects/patient%3Abauer']) {
				expect((await call(admin, method, path, {})).status).toBe(404);
			}
		}
		for (const method of ['PUT', 'PATCH', 'DELETE']) expect((await call(admin, method, '/api/audit/events', {})).status).toBe(404);
	});
});

describe('the trail under a server admin (a gateway keeping its trail here)', () => {
	const SERVER_ADMIN = { name: 'gateway', password: 'upstream-secret-0123456789' };
	let upstream: TestServer;
	const basic = { authorization: `Basic ${Buffer.from(`${SERVER_ADMIN.name}:${SERVER_ADMIN.password}`).toString('base64')}` };
	const asAdmin = (method: string, path: string, body?: unknown) =>
		fetch(`${upstream.url}/db/${AUDIT_DB}${path}`, { method, headers: { ...basic, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });

	beforeAll(async () => {
		upstream = await startTestServer({ serverAdmin: SERVER_ADMIN });
	});
	afterAll(() => upstream.close());

	it('lets it read and add entries, and refuses to change or delete one', async () => {
		expect((await asAdmin('POST', '/_bulk_docs', { docs: [{ _id: 'access:01JGATEWAY0000000000000000', user: 'nurse.x' }] })).status).toBe(201);
		const stored = (await (await asAdmin('GET', '/access%3A01JGATEWAY0000000000000000')).json()) as { _rev: string };
		expect(stored._rev).toMatch(/^1-/);
		const attempts: [string, string, unknown?][] = [
			['POST', '/_bulk_docs', { docs: [{ _id: 'access:01JGATEWAY0000000000000000', _rev: stored._rev, user: 'forged' }] }],
			['POST', '/_bulk_docs', { docs: [{ _id: 'access:01JGATEWAY0000000000000000', _rev: stored._rev, _deleted: true }] }],
			['POST', '/_bulk_docs', { new_edits: false, docs: [{ _id: 'access:01JGATEWAY0000000000000000', _rev: '2-abc', _revisions: { start: 2, ids: ['abc', stored._rev.slice(2)] }, user: 'forged' }] }],
			['PUT', `/access%3A01JGATEWAY0000000000000000?rev=${stored._rev}`, { user: 'forged' }],
			['PUT', '/access%3A01JGATEWAY0000000000000000', { _rev: stored._rev, user: 'forged' }],
			['DELETE', `/access%3A01JGATEWAY0000000000000000?rev=${stored._rev}`],
			['PUT', `/access%3A01JGATEWAY0000000000000000/x.txt?rev=${stored._rev}`],
			['PUT', '/_local/x', { a: 1 }],
			['DELETE', '']
		];
		for (const [method, path, body] of attempts) expect({ method, path, status: (await asAdmin(method, path, body)).status }).toEqual({ method, path, status: 403 });
		expect(await (await asAdmin('GET', '/access%3A01JGATEWAY0000000000000000')).json()).toMatchObject({ _rev: stored._rev, user: 'nurse.x' });
	});

	it('keeps a gateway\'s trail upstream (COUCHDB_URL)', async () => {
		const gateway = await startTestServer({ couchdbUrl: `http://${SERVER_ADMIN.name}:${SERVER_ADMIN.password}@127.0.0.1:${new URL(upstream.url).port}/db` });
		try {
			await seedTwoTeams(gateway.app);
			await login(gateway.url, 'nurse.a');
			await gateway.app.audit.flush();
			const upstreamTrail = await upstream.app.storage.database(AUDIT_DB).allDocs({ startkey: 'sign-in:', endkey: 'sign-in:\ufff0', include_docs: true });
			expect(upstreamTrail.rows.map((row) => (row.doc as { user?: string }).user)).toContain('nurse.a');
		} finally {
			await gateway.close();
		}
	});
});

describe('one-time passwords', () => {
	it('creates a user with a one-time password that must be changed; until then every other request is 403', async () => {
		const created = await call(admin, 'POST', '/api/admin/users', { username: 'nurse.d', displayName: 'Nurse D', role: 'nurse', teams: ['pflege-a'] });
		expect(created.status).toBe(201);
		const { oneTimePassword } = (await created.json()) as { oneTimePassword: string };
		expect(oneTimePassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);

		const first = await signIn('nurse.d', oneTimePassword);
		expect(first.status).toBe(200);
		expect(first.body.mustChangePassword).toBe(true);
		const listed = async () => (await json<{ users: { username: string; mustChangePassword?: boolean }[] }>(await call(admin, 'GET', '/api/admin/users'))).users.find((u) => u.username === 'nurse.d');
		expect((await listed())?.mustChangePassword).toBe(true);
		const pending = first.body.token!;
		for (const [method, path] of [['GET', '/db/team-pflege-a'], ['GET', '/db/team-pflege-a/_all_docs'], ['POST', '/db/team-pflege-a/_bulk_docs'], ['GET', '/api/teams/members'], ['GET', '/api/live'], ['GET', '/db/_all_dbs'], ['GET', '/DB/team-pflege-a'], ['GET', '//db//team-pflege-a'], ['POST', '/api/audit/events']]) {
			expect({ path, status: (await call(pending, method, path, method === 'POST' ? { docs: [] } : undefined)).status }).toEqual({ path, status: 403 });
		}
		expect((await call(pending, 'GET', '/api/session')).status).toBe(200);

		expect((await call(pending, 'POST', '/api/session/password', { oldPassword: oneTimePassword, newPassword: oneTimePassword })).status).toBe(400);
		expect((await call(pending, 'POST', '/api/session/password', { oldPassword: oneTimePassword, newPassword: 'short' })).status).toBe(400);
		expect((await call(pending, 'POST', '/api/session/password', { oldPassword: oneTimePassword, newPassword: 'my-own-secret-42' })).status).toBe(200);

		expect((await call(pending, 'GET', '/db/team-pflege-a')).status).toBe(200);
		expect((await listed())?.mustChangePassword).toBeUndefined();
		expect((await signIn('nurse.d', oneTimePassword)).status).toBe(401);
		const own = await signIn('nurse.d', 'my-own-secret-42');
		expect(own.status).toBe(200);
		expect(own.body.mustChangePassword).toBeUndefined();
		expect((await adminActions()).find((a) => a.target === 'nurse.d' && a.action === 'password-changed')).toMatchObject({ user: 'nurse.d' });
	});

	it('a reset gives a new one-time password, ends open sessions and requires a change again', async () => {
		const before = await login(server.url, 'nurse.d', 'my-own-secret-42');
		const reset = await json<{ oneTimePassword: string }>(await call(admin, 'POST', '/api/admin/users/nurse.d/password'));
		expect((await call(before, 'GET', '/api/session')).status).toBe(401);
		expect((await signIn('nurse.d', 'my-own-secret-42')).status).toBe(401);
		const next = await signIn('nurse.d', reset.oneTimePassword);
		expect(next.body.mustChangePassword).toBe(true);
		expect((await call(next.body.token, 'GET', '/db/team-pflege-a')).status).toBe(403);
		expect((await call(admin, 'POST', '/api/admin/users/nobody/password')).status).toBe(404);
	});

	it('ends the session on a wrong current password, so that guessing it costs a sign-in each time', async () => {
		const session = await login(server.url, 'nurse.a');
		expect((await call(session, 'POST', '/api/session/password', { oldPassword: 'not-the-password', newPassword: 'my-own-secret-43' })).status).toBe(403);
		expect((await call(session, 'GET', '/api/session')).status).toBe(401);
		expect((await signIn('nurse.a', TEST_PASSWORD)).status).toBe(200);
	});

	it('refuses a password chosen by the admin, on creation and on change', async () => {
		expect((await call(admin, 'POST', '/api/admin/users', { username: 'nurse.e', displayName: 'E', role: 'nurse', teams: [], password: TEST_PASSWORD })).status).toBe(400);
		expect((await call(admin, 'PATCH', '/api/admin/users/nurse.a', { password: 'an-admin-chosen-one' })).status).toBe(400);
		expect((await signIn('nurse.a', 'an-admin-chosen-one')).status).toBe(401);
		expect((await call(nurseA, 'POST', '/api/admin/users/nurse.b/password')).status).toBe(403);
	});
});
