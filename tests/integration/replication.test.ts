import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testObservation, testPatient } from '../support/documents.ts';
import { writeAndAwaitOnOtherDevice } from '../support/live-sync.ts';
import { login, remoteDb, startTwoTeamServer, type TestServer } from '../support/test-server.ts';

PouchDB.plugin(memoryAdapter);

let server: TestServer;
let token: string;

beforeAll(async () => {
	server = await startTwoTeamServer();
	token = await login(server.url, 'nurse.a');
});
afterAll(() => server.close());

const localDb = (name: string) => new PouchDB(`${name}-${Math.random()}`, { adapter: 'memory' });

async function allDocs(db: PouchDB.Database) {
	const result = await db.allDocs({ include_docs: true });
	// The server's storage also holds the retention window's index design documents, which never replicate to users.
	return result.rows.filter((row) => !row.id.startsWith('_design/')).map((row) => ({ id: row.id, rev: row.value.rev, doc: row.doc }));
}

describe('replication with a stock PouchDB client', () => {
	it('pushes 500 documents and pulls them into a fresh client; all three sides are equal', async () => {
		const source = localDb('source');
		const docs = Array.from({ length: 500 }, (_, i) =>
			i % 5 === 0 ? testPatient(`p${i}`, 'nurse.a') : testObservation(`o${String(i).padStart(4, '0')}`, 'nurse.a')
		);
		await source.bulkDocs(docs);
		const remote = remoteDb(server.url, 'team-pflege-a', token);

		const push = await source.replicate.to(remote);
		expect(push.ok).toBe(true);
		expect(push.docs_written).toBe(500);
		expect(push.doc_write_failures).toBe(0);

		const target = localDb('target');
		const pull = await target.replicate.from(remote);
		expect(pull.ok).toBe(true);
		expect(pull.docs_written).toBe(500);

		const serverSide = await allDocs(server.app.storage.database('team-pflege-a') as unknown as PouchDB.Database);
		expect(await allDocs(source)).toEqual(serverSide);
		expect(await allDocs(target)).toEqual(serverSide);
		expect(serverSide).toHaveLength(500);
	});

	it('resumes from its checkpoint: a second pull transfers only what is new', async () => {
		const remote = remoteDb(server.url, 'team-pflege-a', token);
		const target = localDb('resume');
		await target.replicate.from(remote);
		await remote.put(testPatient('late', 'nurse.a'));
		const second = await target.replicate.from(remote);
		expect(second.docs_read).toBe(1);
		expect(await target.get('patient:late')).toMatchObject({ lastName: 'Muster-late' });
	});

	it('refuses a document that breaks its schema with a per-document forbidden and stores the rest', async () => {
		const source = localDb('bad');
		const bad = { ...testPatient('bad', 'nurse.a'), birthDate: 'yesterday' };
		await source.bulkDocs([bad, testPatient('good', 'nurse.a')]);
		const remote = remoteDb(server.url, 'team-pflege-a', token);
		const denied: unknown[] = [];
		const result = await source.replicate.to(remote).on('denied', (err) => denied.push(err));
		expect(result.doc_write_failures).toBe(1);
		expect(JSON.stringify(denied)).toContain('birthDate');
		await expect(remote.get('patient:bad')).rejects.toMatchObject({ status: 404 });
		expect((await remote.get('patient:good'))._id).toBe('patient:good');
		// The refused document is still on the device.
		expect((await source.get('patient:bad'))._id).toBe('patient:bad');
	});

	it('live sync delivers a change from one client to another', async () => {
		const arrived = await writeAndAwaitOnOtherDevice(() => remoteDb(server.url, 'team-pflege-a', token), testPatient('live', 'nurse.a'));
		expect(arrived).toBe('patient:live');
	});
});
