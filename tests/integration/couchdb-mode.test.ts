// COUCHDB_URL storage: a gateway keeps its data in a CouchDB-compatible upstream through PouchDB's
// HTTP adapter. Apache CouchDB is not in Debian, so the upstream here is a second FieldCare server
// in embedded mode with a server admin, which speaks the same protocol (README: real CouchDB 3).
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testObservation, testPatient } from '../support/documents.ts';
import { writeAndAwaitOnOtherDevice } from '../support/live-sync.ts';
import { login, remoteDb, seedTwoTeams, startTestServer, type TestServer } from '../support/test-server.ts';

PouchDB.plugin(memoryAdapter);

const ADMIN = { name: 'gateway', password: 'upstream-secret-0123456789' };
let upstream: TestServer;
let gateway: TestServer;
let token: string;

beforeAll(async () => {
	upstream = await startTestServer({ serverAdmin: ADMIN });
	const port = new URL(upstream.url).port;
	gateway = await startTestServer({ couchdbUrl: `http://${ADMIN.name}:${ADMIN.password}@127.0.0.1:${port}/db` });
	await seedTwoTeams(gateway.app);
	token = await login(gateway.url, 'nurse.a');
});
afterAll(async () => {
	await gateway?.close();
	await upstream?.close();
});

const memory = (name: string) => new PouchDB(`${name}-${Math.random()}`, { adapter: 'memory' });

describe('COUCHDB_URL storage through the HTTP adapter', () => {
	it('keeps accounts and team databases upstream, with _security set for the team', async () => {
		expect(gateway.app.storage.kind).toBe('couchdb');
		const users = await upstream.app.storage.database('fieldcare-private').allDocs({ startkey: 'user:', endkey: 'user:\ufff0' });
		expect(users.rows.map((r) => r.id)).toEqual(['user:admin', 'user:nurse.a', 'user:nurse.b']);
		const security = await upstream.app.storage.database('team-pflege-a').get('_local/fieldcare-security');
		expect(security).toMatchObject({ members: { roles: ['team-pflege-a'] } });
	});

	it('a stock client pushes and pulls 300 documents through the gateway; the upstream holds them', async () => {
		const source = memory('src');
		await source.bulkDocs(Array.from({ length: 300 }, (_, i) => (i % 10 === 0 ? testPatient(`c${i}`, 'nurse.a') : testObservation(`c${i}`, 'nurse.a'))));
		const push = await source.replicate.to(remoteDb(gateway.url, 'team-pflege-a', token));
		expect(push).toMatchObject({ ok: true, docs_written: 300, doc_write_failures: 0 });
		expect((await upstream.app.storage.database('team-pflege-a').info()).doc_count).toBe(300);

		const target = memory('dst');
		const pull = await target.replicate.from(remoteDb(gateway.url, 'team-pflege-a', token));
		expect(pull.docs_written).toBe(300);
		const ids = async (db: PouchDB.Database) => (await db.allDocs()).rows.map((r) => `${r.id}@${r.value.rev}`);
		expect(await ids(target)).toEqual(await ids(source));
	});

	it('live sync through the gateway delivers a change to another client', async () => {
		const arrived = await writeAndAwaitOnOtherDevice(() => remoteDb(gateway.url, 'team-pflege-a', token), testPatient('via-gateway', 'nurse.a'), 15_000);
		expect(arrived).toBe('patient:via-gateway');
	});

	it('still enforces team membership and the rights table at the gateway', async () => {
		const other = await login(gateway.url, 'nurse.b');
		const res = await fetch(`${gateway.url}/db/team-pflege-a/_all_docs`, { headers: { authorization: `Bearer ${other}` } });
		expect(res.status).toBe(403);
		const forged = await fetch(`${gateway.url}/db/team-pflege-a/_bulk_docs`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify({ docs: [testObservation('forged', 'nurse.b')] })
		});
		expect(await forged.json()).toEqual([expect.objectContaining({ error: 'forbidden' })]);
	});

	it('the upstream answers nobody without the server admin credentials', async () => {
		expect((await fetch(`${upstream.url}/db/team-pflege-a`)).status).toBe(401);
		const wrong = Buffer.from(`${ADMIN.name}:wrong-password-0123456789`).toString('base64');
		expect((await fetch(`${upstream.url}/db/team-pflege-a`, { headers: { authorization: `Basic ${wrong}` } })).status).toBe(401);
	});
});
