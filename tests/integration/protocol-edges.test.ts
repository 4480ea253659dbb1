// Edges of the CouchDB protocol where PouchDB's own integration tests (http adapter, as a server
// admin) used to wait until they gave up. Every call here has a client-side deadline: a hang fails
// fast, and an answer is either CouchDB 3's or a CouchDB-shaped refusal by rule.
import { createHash } from 'node:crypto';
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileBytes, inlineAttachment } from '../support/attachments.ts';
import { testPatient } from '../support/documents.ts';
import { login, remoteDb, startTwoTeamServer, type TestServer } from '../support/test-server.ts';

PouchDB.plugin(memoryAdapter);

const ADMIN = { name: 'couch-admin', password: 'admin-password-0123456789' };
/** Far below any client's own timeout: an answer that takes this long is a hang. */
const DEADLINE_MS = 5_000;

let server: TestServer;
let nurse: string;
let dbCount = 0;

beforeAll(async () => {
	server = await startTwoTeamServer({ serverAdmin: ADMIN });
	nurse = await login(server.url, 'nurse.a');
});
afterAll(() => server.close());

/** A fresh database on the server, as PouchDB's test suite opens one, with the server admin's Basic login. */
function adminDb(): PouchDB.Database {
	return new PouchDB(`${server.url}/db/edges-${++dbCount}`, { auth: { username: ADMIN.name, password: ADMIN.password } } as PouchDB.Configuration.RemoteDatabaseConfiguration);
}
const memory = () => new PouchDB(`edges-${Math.random()}`, { adapter: 'memory' });
const md5 = (bytes: Buffer) => `md5-${createHash('md5').update(new Uint8Array(bytes)).digest('base64')}`;

/** The call's outcome within the deadline, or a failure naming the call that hung. */
async function within<T>(what: string, call: Promise<T>): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const hang = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what}: no answer within ${DEADLINE_MS} ms`)), DEADLINE_MS);
	});
	try {
		return await Promise.race([call, hang]);
	} finally {
		clearTimeout(timer);
	}
}

/** The error a call rejects with, within the deadline. */
async function refusal(what: string, call: Promise<unknown>): Promise<{ status?: number; name?: string; message?: string }> {
	return within(
		what,
		call.then(
			() => {
				throw new Error(`${what}: expected a refusal`);
			},
			(err: { status?: number; name?: string; message?: string }) => err
		)
	);
}

type Stored = { _rev: string; _attachments: Record<string, { revpos: number; digest: string; content_type: string; data?: string }> };

describe('attachments replicating', () => {
	it('a document with two attachments replicates to the server and into a fresh client, byte for byte', async () => {
		const png = fileBytes('image/png', 4096);
		const pdf = fileBytes('application/pdf', 20_000);
		const source = memory();
		await source.bulkDocs([{ _id: 'bin_doc', _attachments: { 'foo.png': inlineAttachment('image/png', png), 'scan.pdf': inlineAttachment('application/pdf', pdf) } }, { _id: 'plain', n: 1 }]);
		const remote = adminDb();
		const push = await within('push', source.replicate.to(remote));
		expect(push).toMatchObject({ ok: true, docs_written: 2, doc_write_failures: 0 });

		const target = memory();
		const pull = await within('pull', target.replicate.from(remote));
		expect(pull).toMatchObject({ ok: true, docs_written: 2 });
		expect(md5((await target.getAttachment('bin_doc', 'foo.png')) as Buffer)).toBe(md5(png));
		expect(md5((await target.getAttachment('bin_doc', 'scan.pdf')) as Buffer)).toBe(md5(pdf));
		expect(md5((await within('getAttachment', remote.getAttachment('bin_doc', 'scan.pdf'))) as Buffer)).toBe(md5(pdf));

		// A second revision that keeps the attachments as stubs replicates as well.
		const doc = await source.get('bin_doc');
		await source.put({ ...doc, edited: true });
		expect(await within('push stubs', source.replicate.to(remote))).toMatchObject({ docs_written: 1, doc_write_failures: 0 });
		expect(await within('pull stubs', target.replicate.from(remote))).toMatchObject({ docs_written: 1 });
		expect(await target.get('bin_doc')).toMatchObject({ edited: true, _attachments: { 'foo.png': { digest: md5(png) } } });
	});

	it('a team member’s photo replicates both ways under the team’s rules', async () => {
		const photo = fileBytes('image/jpeg', 10_000);
		const device = memory();
		await device.put({ ...testPatient('edges-photo', 'nurse.a'), _attachments: { 'wunde.jpg': inlineAttachment('image/jpeg', photo) } });
		const push = await within('push', device.replicate.to(remoteDb(server.url, 'team-pflege-a', nurse)));
		expect(push).toMatchObject({ docs_written: 1, doc_write_failures: 0 });
		const other = memory();
		await within('pull', other.replicate.from(remoteDb(server.url, 'team-pflege-a', nurse), { doc_ids: ['patient:edges-photo'] }));
		expect(md5((await other.getAttachment('patient:edges-photo', 'wunde.jpg')) as Buffer)).toBe(md5(photo));
	});
});

describe('putAttachment', () => {
	it('creates the document with its attachment when the document does not exist yet (as CouchDB does)', async () => {
		const remote = adminDb();
		const created = await within('putAttachment', remote.putAttachment('new-doc', 'one.png', inlineAttachment('image/png').data, 'image/png'));
		expect(created).toMatchObject({ ok: true, id: 'new-doc', rev: expect.stringMatching(/^1-/) });
		const doc = (await within('get', remote.get('new-doc'))) as unknown as Stored;
		expect(doc._attachments['one.png']).toMatchObject({ content_type: 'image/png', revpos: 1, stub: true });
		// Without a rev on an existing document, and with a rev the document never had: 409.
		expect(await refusal('put again without rev', remote.putAttachment('new-doc', 'two.png', inlineAttachment('image/png').data, 'image/png'))).toMatchObject({ status: 409 });
		expect(await refusal('put with unknown rev', remote.putAttachment('other-doc', 'x.png', '1-abc', inlineAttachment('image/png').data, 'image/png'))).toMatchObject({ status: 409 });
	});

	it('a team member cannot create a document through putAttachment: the bare document fails its schema (403, not a hang)', async () => {
		const remote = remoteDb(server.url, 'team-pflege-a', nurse);
		const err = await refusal('putAttachment', remote.putAttachment('patient:only-a-photo', 'x.png', inlineAttachment('image/png').data, 'image/png'));
		expect(err).toMatchObject({ status: 403, name: 'forbidden' });
	});

	it('revpos: a new attachment gets the new generation, the others keep theirs, in get and in allDocs', async () => {
		const remote = adminDb();
		const one = inlineAttachment('image/png').data;
		await within('put one', remote.putAttachment('a', 'one', one, 'image/png'));
		let doc = (await within('get', remote.get('a'))) as unknown as Stored;
		expect(doc._attachments.one.revpos).toBe(1);
		const two = inlineAttachment('image/jpeg').data;
		await within('put two', remote.putAttachment('a', 'two', doc._rev, two, 'image/jpeg'));
		doc = (await within('get', remote.get('a'))) as unknown as Stored;
		expect([doc._attachments.one.revpos, doc._attachments.two.revpos]).toEqual([1, 2]);
		await within('replace one', remote.putAttachment('a', 'one', doc._rev, inlineAttachment('image/webp').data, 'image/webp'));
		doc = (await within('get', remote.get('a'))) as unknown as Stored;
		expect([doc._attachments.one.revpos, doc._attachments.two.revpos]).toEqual([3, 2]);
		expect(doc._attachments.one.content_type).toBe('image/webp');

		const all = await within('allDocs', remote.allDocs({ include_docs: true }));
		const listed = all.rows[0].doc as unknown as Stored;
		expect([listed._attachments.one.revpos, listed._attachments.two.revpos]).toEqual([3, 2]);
		const withData = await within('allDocs attachments', remote.allDocs({ include_docs: true, attachments: true }));
		expect((withData.rows[0].doc as unknown as Stored)._attachments.two).toMatchObject({ revpos: 2, data: two });
	});

	it('without a content type it is refused by rule, never parsed as JSON', async () => {
		const remote = adminDb();
		const { rev } = await within('put', remote.put({ _id: 'x' }));
		const err = await refusal('putAttachment', remote.putAttachment('x', 'att', rev, inlineAttachment('image/png').data, undefined as unknown as string));
		expect(err).toMatchObject({ status: 403, name: 'forbidden', message: expect.stringContaining('content_type') });
		for (const headers of [{}, { 'content-type': 'application/json' }] as Record<string, string>[]) {
			const res = await within('raw PUT', fetch(`${server.url}/db/${remote.name.split('/').pop()}/x/att?rev=${rev}`, {
				method: 'PUT',
				headers: { ...headers, authorization: `Basic ${Buffer.from(`${ADMIN.name}:${ADMIN.password}`).toString('base64')}` },
				body: new Uint8Array(fileBytes('image/png'))
			}));
			expect(res.status).toBe(403);
			expect(await res.json()).toMatchObject({ error: 'forbidden', reason: expect.stringContaining('content_type') });
		}
		// A team member's app gets the same clear refusal.
		const member = remoteDb(server.url, 'team-pflege-a', nurse);
		const patient = await within('put patient', member.put(testPatient('edges-no-type', 'nurse.a')));
		const memberErr = await refusal('member putAttachment', member.putAttachment('patient:edges-no-type', 'x', patient.rev, inlineAttachment('image/png').data, undefined as unknown as string));
		expect(memberErr).toMatchObject({ status: 403, message: expect.stringContaining('content_type') });
	});
});

describe('_local documents', () => {
	it('do not accept attachments: 400 as in CouchDB, for put, get and remove', async () => {
		const remote = adminDb();
		await within('put local', remote.put({ _id: '_local/foo', n: 1 }));
		const data = inlineAttachment('image/png').data;
		expect(await refusal('putAttachment', remote.putAttachment('_local/foo', 'att.png', data, 'image/png'))).toMatchObject({ status: 400 });
		expect(await refusal('getAttachment', remote.getAttachment('_local/foo', 'att.png'))).toMatchObject({ status: 400 });
		expect(await refusal('removeAttachment', remote.removeAttachment('_local/foo', 'att.png', '0-1'))).toMatchObject({ status: 400 });
	});
});

describe('replication checkpoints', () => {
	it.each(['target', 'source', undefined] as const)('are stored on the target (checkpoint: %s) and a second replication reads nothing again', async (checkpoint) => {
		const source = memory();
		await source.bulkDocs([{ _id: 'c1' }, { _id: 'c2' }]);
		const remote = adminDb();
		const options = checkpoint ? { checkpoint } : {};
		expect(await within('first', source.replicate.to(remote, options))).toMatchObject({ docs_written: 2 });
		expect(await within('second', source.replicate.to(remote, options))).toMatchObject({ docs_read: 0 });
		// The pull direction keeps its checkpoint on the client, and the server's feed resumes from it.
		const target = memory();
		await within('pull', target.replicate.from(remote, options));
		await remote.put({ _id: 'c3' });
		expect(await within('pull again', target.replicate.from(remote, options))).toMatchObject({ docs_read: 1 });
	});

	it('a checkpoint lives with its target: once the target is deleted, the next replication writes everything again', async () => {
		const source = memory();
		await source.bulkDocs([{ _id: 'a' }, { _id: 'b' }]);
		const remote = adminDb();
		expect(await within('first', source.replicate.to(remote))).toMatchObject({ docs_written: 2 });
		await within('destroy target', remote.destroy());
		const fresh = new PouchDB(remote.name, { auth: { username: ADMIN.name, password: ADMIN.password } } as PouchDB.Configuration.RemoteDatabaseConfiguration);
		expect(await within('again', source.replicate.to(fresh))).toMatchObject({ docs_written: 2 });
		expect(await within('info', fresh.info())).toMatchObject({ doc_count: 2 });
	});

	it('a team member’s checkpoint is stored in the team database', async () => {
		const device = memory();
		await device.put(testPatient('edges-checkpoint', 'nurse.a'));
		const remote = remoteDb(server.url, 'team-pflege-a', nurse);
		await within('first', device.replicate.to(remote, { checkpoint: 'target' }));
		expect(await within('second', device.replicate.to(remote, { checkpoint: 'target' }))).toMatchObject({ docs_read: 0 });
	});
});

describe('conflicts', () => {
	it('_conflicts after several replications are reported by get, allDocs and changes; temporary views answer 410', async () => {
		const remote = adminDb();
		const a = memory();
		const b = memory();
		await a.put({ _id: 'foo', value: 'start' });
		await within('seed', a.sync(remote));
		await within('seed b', b.replicate.from(remote));
		for (let round = 1; round <= 3; round++) {
			await a.put({ ...(await a.get('foo')), value: `a${round}` });
			await b.put({ ...(await b.get('foo')), value: `b${round}` });
			await within(`sync a ${round}`, a.sync(remote));
			await within(`sync b ${round}`, b.sync(remote));
			await within(`sync a again ${round}`, a.sync(remote));
		}
		const doc = await within('get', remote.get('foo', { conflicts: true }));
		expect(doc._conflicts?.length).toBeGreaterThan(0);
		const all = await within('allDocs', remote.allDocs({ include_docs: true, conflicts: true }));
		expect(all.rows[0].doc?._conflicts).toEqual(doc._conflicts);
		const changes = await within('changes', remote.changes({ include_docs: true, conflicts: true, style: 'all_docs' }));
		expect(changes.results[0].changes.length).toBe(doc._conflicts!.length + 1);
		expect(await a.get('foo', { conflicts: true })).toMatchObject({ _rev: doc._rev, _conflicts: doc._conflicts });

		// A query by function is a temporary view: CouchDB 3 answers 410 Gone, and so does this server.
		const map = 'function (doc) { if (doc._conflicts) emit(doc._id, doc._conflicts); }';
		expect(await refusal('temp view', remote.query({ map } as unknown as string))).toMatchObject({ status: 410 });
		expect(await refusal('design view', remote.query('conflicts/by-id'))).toMatchObject({ status: 404 });
	});
});

describe('databases', () => {
	it('the server admin deletes a database as in CouchDB, and one of the same name starts empty (PouchDB’s suites clean up so)', async () => {
		const remote = adminDb();
		await within('put', remote.put({ _id: 'left-over' }));
		expect(await within('destroy', remote.destroy())).toMatchObject({ ok: true });
		const again = new PouchDB(remote.name, { auth: { username: ADMIN.name, password: ADMIN.password } } as PouchDB.Configuration.RemoteDatabaseConfiguration);
		expect(await within('info', again.info())).toMatchObject({ doc_count: 0 });
		await within('put again', again.put({ _id: 'left-over' }));
	});

	it('team databases and the server’s own accounts are not deleted, not even by the server admin', async () => {
		for (const name of ['team-pflege-a', 'fieldcare-private']) {
			const db = new PouchDB(`${server.url}/db/${name}`, { auth: { username: ADMIN.name, password: ADMIN.password } } as PouchDB.Configuration.RemoteDatabaseConfiguration);
			expect(await refusal(`destroy ${name}`, db.destroy())).toMatchObject({ status: 403 });
		}
		expect(await within('login still works', login(server.url, 'nurse.a'))).toBeTruthy();
		expect(await refusal('member destroys', remoteDb(server.url, 'team-pflege-a', nurse).destroy())).toMatchObject({ status: 403 });
	});
});
