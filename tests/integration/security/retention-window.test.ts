// Issue 12: the retention window's tokens are input. A forged or garbage `since` is a CouchDB-shaped
// 400, never a crash or another team's rows; the window's setting is the admin's; its Mango
// indexes and queries stay the server's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION, windowForRole, windowKey, type RetentionSetting } from '../../../src/lib/domain/index.ts';
import { testObservation, testPatient } from '../../support/documents.ts';
import { login, startTwoTeamServer, type TestServer } from '../../support/test-server.ts';

const DB = 'team-pflege-a';
const OTHER_DB = 'team-pflege-b';
const KEY = windowKey(windowForRole(DEFAULT_RETENTION, 'nurse'));

let server: TestServer;
let nurseA: string;
let nurseB: string;
let admin: string;

const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const changes = (db: string, token: string, query: string) => fetch(`${server.url}/db/${db}/_changes?${query}`, { headers: { authorization: `Bearer ${token}` } });

beforeAll(async () => {
	server = await startTwoTeamServer();
	const now = new Date().toISOString();
	await server.app.storage.database(DB).bulkDocs([testPatient('a1', 'nurse.a'), { ...testObservation('a-obs', 'nurse.a', 'a1'), effectiveAt: now }]);
	await server.app.storage.database(OTHER_DB).bulkDocs([testPatient('b1', 'nurse.b'), { ...testObservation('b-obs', 'nurse.b', 'b1'), effectiveAt: now }]);
	[nurseA, nurseB, admin] = await Promise.all([login(server.url, 'nurse.a'), login(server.url, 'nurse.b'), login(server.url, 'admin')]);
});
afterAll(() => server.close());

describe('windowed _changes tokens', () => {
	const garbage = [
		'w1.',
		'w1.zz',
		`w1.${KEY}.abc`,
		`w1.${KEY}.1.@@`,
		`w1.${KEY}.1.${cursor('not an object')}`,
		`w1.${KEY}.1.${cursor({ p: '00:patient', v: null, k: -1 })}`,
		`w1.${KEY}.1.${cursor({ p: '00:patient', v: null, k: 1e9 })}`,
		`w1.${KEY}.1.${cursor({ p: '00:patient', v: null, k: 0, extra: { $gt: null } })}`,
		`w1.${KEY}.1.${cursor({ p: '00:patient', v: { $gt: null }, k: 0 })}`,
		`w1.${KEY}.1.${'A'.repeat(5000)}`,
		'patient:a1'
	];
	for (const since of garbage) {
		it(`refuses a forged since ${JSON.stringify(since.slice(0, 60))} with a CouchDB 400`, async () => {
			for (const feed of ['normal', 'longpoll']) {
				const res = await changes(DB, nurseA, `feed=${feed}&since=${encodeURIComponent(since)}`);
				expect(res.status).toBe(400);
				expect(await res.json()).toMatchObject({ error: 'bad_request' });
			}
		});
	}

	it('refuses another team\'s rows through a token of that team: the token names a place, never a database', async () => {
		const ofA = (await (await changes(DB, nurseA, 'since=0')).json()) as { results: { id: string; seq: string }[]; last_seq: string };
		expect(ofA.results.map((row) => row.id)).toContain('patient:a1');
		for (const since of [ofA.last_seq, ofA.results[0].seq]) {
			const res = await changes(OTHER_DB, nurseB, `since=${encodeURIComponent(since)}`);
			expect(res.status).toBe(200);
			const ids = ((await res.json()) as { results: { id: string }[] }).results.map((row) => row.id);
			expect(ids.every((id) => !id.endsWith('a1') && !id.endsWith('a-obs'))).toBe(true);
			const other = await changes(DB, nurseB, `since=${encodeURIComponent(since)}`);
			expect(other.status).toBe(403);
		}
	});

	it('refuses nothing but answers nothing for a sequence beyond the database (no crash)', async () => {
		const res = await changes(DB, nurseA, `since=${encodeURIComponent(`w1.${KEY}.999999999`)}`);
		expect(res.status).toBe(200);
		expect(((await res.json()) as { results: unknown[] }).results).toEqual([]);
	});

	it('refuses to show the window\'s design documents to users, in _changes and _all_docs', async () => {
		const raw = (await (await changes(DB, nurseA, 'since=1')).json()) as { results: { id: string }[] };
		expect(raw.results.some((row) => row.id.startsWith('_design/'))).toBe(false);
		const all = (await (await fetch(`${server.url}/db/${DB}/_all_docs`, { headers: { authorization: `Bearer ${nurseA}` } })).json()) as { rows: { id: string }[] };
		expect(all.rows.some((row) => row.id.startsWith('_design/'))).toBe(false);
		const stored = await server.app.storage.database(DB).allDocs({ startkey: '_design/', endkey: '_design/\ufff0' });
		expect(stored.rows.length).toBeGreaterThan(0);
	});
});

describe('the window setting and Mango endpoints', () => {
	const put = (token: string | undefined, body: unknown, team = 'pflege-a') =>
		fetch(`${server.url}/api/admin/teams/${team}/retention`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
			body: JSON.stringify(body)
		});

	it('refuses a nurse changing her team\'s window (403) and a stranger (401)', async () => {
		expect((await put(nurseA, DEFAULT_RETENTION)).status).toBe(403);
		expect((await put(undefined, DEFAULT_RETENTION)).status).toBe(401);
	});

	it('refuses a window out of bounds or with unknown fields (400), and an unknown team (404)', async () => {
		for (const body of [{ ...DEFAULT_RETENTION, observationDays: -1 }, { ...DEFAULT_RETENTION, positionHours: 1e6 }, { ...DEFAULT_RETENTION, x: 1 }, {}, []]) {
			const res = await put(admin, body);
			expect(res.status).toBe(400);
			expect(await res.json()).toMatchObject({ error: 'bad_request' });
		}
		expect((await put(admin, DEFAULT_RETENTION, 'no-such-team')).status).toBe(404);
		const res = await put(admin, { ...DEFAULT_RETENTION, noteDays: 30 });
		expect(res.status).toBe(200);
	});

	it('refuses _find and _index to users: devices read their window through _changes', async () => {
		for (const path of ['_find', '_index']) {
			const res = await fetch(`${server.url}/db/${DB}/${path}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization: `Bearer ${nurseA}` },
				body: JSON.stringify(path === '_find' ? { selector: { type: 'patient' } } : { index: { fields: ['type'] } })
			});
			expect(res.status).toBe(403);
		}
	});
});

describe('a device reads its own window (GET /api/retention)', () => {
	const windows = (token?: string) => fetch(`${server.url}/api/retention`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

	it('gives a nurse the window of her own team only, as the feed applies it to her role', async () => {
		const team = (await (await fetch(`${server.url}/api/admin/teams/pflege-a/retention`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { retention: RetentionSetting };
		const res = await windows(nurseA);
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ windows: { [DB]: windowForRole(team.retention, 'nurse') } });
	});

	it('refuses a request without a session with 401', async () => {
		const res = await windows();
		expect(res.status).toBe(401);
	});
});
