// Attachments (wound photos, signatures) and deletions through the replication protocol.
import { createHash } from 'node:crypto';
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileBytes } from '../support/attachments.ts';
import { sampleDocument, testPatient } from '../support/documents.ts';
import { login, remoteDb, startTwoTeamServer, TEST_PASSWORD, type TestServer } from '../support/test-server.ts';

PouchDB.plugin(memoryAdapter);

let server: TestServer;
let nurse: string;
let otherNurse: string;
let dispatcher: string;

beforeAll(async () => {
	server = await startTwoTeamServer();
	await server.app.accounts.createUser({ username: 'pdl.a', displayName: 'PDL A', role: 'dispatcher', teams: ['pflege-a'], password: TEST_PASSWORD });
	[nurse, otherNurse, dispatcher] = await Promise.all([login(server.url, 'nurse.a'), login(server.url, 'nurse.b'), login(server.url, 'pdl.a')]);
});
afterAll(() => server.close());

const memory = (name: string) => new PouchDB(`${name}-${Math.random()}`, { adapter: 'memory' });
const md5 = (bytes: Buffer) => `md5-${createHash('md5').update(new Uint8Array(bytes)).digest('base64')}`;

async function raw(token: string, method: string, path: string, body?: Buffer, type = 'image/jpeg') {
	return fetch(`${server.url}/db/${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': type }, body: body && new Uint8Array(body) });
}

describe('attachments', () => {
	it('a 4 MB wound photo replicates inline from one device to another, byte for byte', async () => {
		const photo = fileBytes('image/jpeg', 4 * 1024 * 1024);
		const device = memory('photo-a');
		await device.put({ ...testPatient('photo', 'nurse.a'), _attachments: { 'wunde.jpg': { content_type: 'image/jpeg', data: photo.toString('base64') } } });
		const push = await device.replicate.to(remoteDb(server.url, 'team-pflege-a', nurse));
		expect(push.doc_write_failures).toBe(0);

		const other = memory('photo-b');
		await other.replicate.from(remoteDb(server.url, 'team-pflege-a', nurse));
		const copy = (await other.getAttachment('patient:photo', 'wunde.jpg')) as Buffer;
		expect(md5(copy)).toBe(md5(photo));

		const res = await raw(nurse, 'GET', 'team-pflege-a/patient:photo/wunde.jpg');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('image/jpeg');
		expect(md5(Buffer.from(await res.arrayBuffer()))).toBe(md5(photo));
	});

	it('refuses an attachment over the 5 MB limit per document and keeps the rest of the batch', async () => {
		const big = fileBytes('image/jpeg', 5 * 1024 * 1024 + 10).toString('base64');
		const res = await fetch(`${server.url}/db/team-pflege-a/_bulk_docs`, {
			method: 'POST',
			headers: { authorization: `Bearer ${nurse}`, 'content-type': 'application/json' },
			body: JSON.stringify({ docs: [{ ...testPatient('too-big', 'nurse.a'), _attachments: { 'x.jpg': { content_type: 'image/jpeg', data: big } } }, testPatient('fine', 'nurse.a')] })
		});
		const results = (await res.json()) as { error?: string; reason?: string; ok?: boolean }[];
		expect(results[0]).toMatchObject({ error: 'forbidden', reason: expect.stringContaining('5 MB') });
		expect(results[1]).toMatchObject({ ok: true });
	});

	it('standalone PUT, GET and DELETE of a signature; the revision names its editor', async () => {
		const db = remoteDb(server.url, 'team-pflege-a', nurse);
		const created = await db.put(testPatient('signed', 'nurse.a'));
		const signature = fileBytes('image/png', 2048);
		const put = await raw(nurse, 'PUT', `team-pflege-a/patient:signed/unterschrift.png?rev=${created.rev}`, signature, 'image/png');
		expect(put.status).toBe(201);
		const { rev } = (await put.json()) as { rev: string };
		const doc = await db.get('patient:signed', { attachments: true });
		expect(doc).toMatchObject({ updatedBy: 'nurse.a', _attachments: { 'unterschrift.png': { content_type: 'image/png', data: signature.toString('base64') } } });

		// A scanned consent form beside it (the allow-list: images and PDF).
		const scan = await raw(nurse, 'PUT', `team-pflege-a/patient:signed/einwilligung.pdf?rev=${rev}`, fileBytes('application/pdf'), 'application/pdf');
		expect(scan.status).toBe(201);
		const latest = ((await scan.json()) as { rev: string }).rev;
		const stale = await raw(nurse, 'DELETE', `team-pflege-a/patient:signed/unterschrift.png?rev=${created.rev}`);
		expect(stale.status).toBe(409);
		const del = await raw(nurse, 'DELETE', `team-pflege-a/patient:signed/unterschrift.png?rev=${latest}`);
		expect(del.status).toBe(200);
		expect((await raw(nurse, 'GET', 'team-pflege-a/patient:signed/unterschrift.png')).status).toBe(404);
	});

	it('refuses an attachment on an append-only observation', async () => {
		const db = remoteDb(server.url, 'team-pflege-a', nurse);
		const created = await db.put(sampleDocument('observation', 'with-photo', 'nurse.a'));
		const res = await raw(nurse, 'PUT', `team-pflege-a/observation:with-photo/x.jpg?rev=${created.rev}`, fileBytes('image/jpeg'));
		expect(res.status).toBe(403);
		expect(await res.json()).toMatchObject({ error: 'forbidden', reason: expect.stringContaining('append-only') });
	});

	it('never hands an attachment to a user outside the team', async () => {
		const res = await raw(otherNurse, 'GET', 'team-pflege-a/patient:photo/wunde.jpg');
		expect(res.status).toBe(403);
		expect(await res.json()).toMatchObject({ error: 'forbidden' });
	});
});

describe('deletions', () => {
	it('a visit deleted by the care manager disappears from every device', async () => {
		const planner = memory('planner');
		const nurseDevice = memory('nurse-device');
		await planner.put(sampleDocument('visit', 'cancelled', 'pdl.a'));
		await planner.replicate.to(remoteDb(server.url, 'team-pflege-a', dispatcher));
		await nurseDevice.replicate.from(remoteDb(server.url, 'team-pflege-a', nurse));
		expect((await nurseDevice.get('visit:cancelled'))._id).toBe('visit:cancelled');

		await planner.remove(await planner.get('visit:cancelled'));
		const push = await planner.replicate.to(remoteDb(server.url, 'team-pflege-a', dispatcher));
		expect(push.doc_write_failures).toBe(0);
		await nurseDevice.replicate.from(remoteDb(server.url, 'team-pflege-a', nurse));
		await expect(nurseDevice.get('visit:cancelled')).rejects.toMatchObject({ status: 404, reason: 'deleted' });
	});

	it('a nurse may not delete a patient: the tombstone is refused and the patient stays', async () => {
		const device = memory('deleter');
		await device.replicate.from(remoteDb(server.url, 'team-pflege-a', nurse), { doc_ids: ['patient:fine'] });
		await device.remove(await device.get('patient:fine'));
		const denied: unknown[] = [];
		const push = await device.replicate.to(remoteDb(server.url, 'team-pflege-a', nurse)).on('denied', (e) => denied.push(e));
		expect(push.doc_write_failures).toBe(1);
		expect(JSON.stringify(denied)).toContain('may not delete');
		expect((await server.app.storage.database('team-pflege-a').get('patient:fine'))._id).toBe('patient:fine');
	});
});
