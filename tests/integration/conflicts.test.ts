// Two nurses edit the same patient in different valleys: the server merges what is safe, a person
// settles the rest, and no revision is dropped.
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MERGE_AUTHOR, recordFieldEdits, type Patient } from '../../src/lib/domain/index.ts';
import { testPatient } from '../support/documents.ts';
import { login, remoteDb, startTestServer, TEST_PASSWORD, type TestServer } from '../support/test-server.ts';

PouchDB.plugin(memoryAdapter);

let server: TestServer;
const tokens: Record<string, string> = {};

beforeAll(async () => {
	server = await startTestServer();
	await server.app.accounts.saveTeam({ id: 'tal', name: 'Tal', kind: 'nursing', region: 'test' });
	for (const user of ['anna', 'tom']) {
		await server.app.accounts.createUser({ username: user, displayName: user, role: 'nurse', teams: ['tal'], password: TEST_PASSWORD });
		tokens[user] = await login(server.url, user);
	}
});
afterAll(() => server.close());

type Db = PouchDB.Database<Record<string, unknown>>;
const remote = (user: string) => remoteDb(server.url, 'team-tal', tokens[user]) as unknown as Db;

/** Two devices holding the same patient, offline from each other. */
async function twoDevices(key: string): Promise<[Db, Db]> {
	const anna = new PouchDB(`anna-${key}-${Math.random()}`, { adapter: 'memory' }) as Db;
	const tom = new PouchDB(`tom-${key}-${Math.random()}`, { adapter: 'memory' }) as Db;
	await anna.put(testPatient(key, 'anna') as never);
	await anna.replicate.to(remote('anna'));
	await tom.replicate.from(remote('tom'));
	return [anna, tom];
}

/** An edit the way the app makes it: updatedBy/updatedAt and the edited fields stamped. */
async function edit(db: Db, id: string, user: string, at: string, changes: Partial<Patient>): Promise<void> {
	const before = await db.get(id);
	const after = { ...before, ...changes, updatedAt: at, updatedBy: user };
	await db.put({ ...after, fieldEdits: recordFieldEdits(before, after, { at, by: user }) });
}

async function syncBoth(anna: Db, tom: Db): Promise<void> {
	await anna.replicate.to(remote('anna'));
	await tom.replicate.to(remote('tom'));
	await anna.replicate.from(remote('anna'));
	await tom.replicate.from(remote('tom'));
}

describe('conflicting edits of a patient', () => {
	it('different fields: the server merges both edits and every device gets one document', async () => {
		const [anna, tom] = await twoDevices('merge-fields');
		await edit(anna, 'patient:merge-fields', 'anna', '2026-11-24T09:00:00.000Z', { phone: '03671 222' });
		await edit(tom, 'patient:merge-fields', 'tom', '2026-11-24T09:05:00.000Z', { notes: 'Treppe rutschig' });
		await syncBoth(anna, tom);

		const onServer = await server.app.storage.database('team-tal').get('patient:merge-fields', { conflicts: true });
		expect(onServer).toMatchObject({ phone: '03671 222', notes: 'Treppe rutschig', updatedBy: MERGE_AUTHOR });
		expect(onServer._conflicts).toBeUndefined();
		for (const device of [anna, tom]) {
			const doc = await device.get('patient:merge-fields', { conflicts: true });
			expect(doc._rev).toBe(onServer._rev);
			expect(doc._conflicts).toBeUndefined();
		}
	});

	it('the same field: the later edit wins, the earlier value is kept in mergeHistory', async () => {
		const [anna, tom] = await twoDevices('same-field');
		await edit(anna, 'patient:same-field', 'anna', '2026-11-24T11:00:00.000Z', { phone: '03671 111111' });
		await edit(tom, 'patient:same-field', 'tom', '2026-11-24T10:00:00.000Z', { phone: '03671 999999' });
		const annasRev = (await anna.get('patient:same-field'))._rev;
		await syncBoth(anna, tom);

		const doc = (await tom.get('patient:same-field')) as unknown as Patient & { mergeHistory: unknown[] };
		expect(doc.phone).toBe('03671 111111');
		expect(doc.mergeHistory).toEqual([expect.objectContaining({ field: 'phone', value: '03671 999999', by: 'tom' })]);
		// The losing leaf is closed, not gone: its revision is still in the tree.
		expect(await server.app.storage.database('team-tal').revsDiff({ 'patient:same-field': [annasRev] })).toEqual({});
	});

	it('allergies changed on both sides stay a conflict until a nurse chooses; her choice closes it', async () => {
		const [anna, tom] = await twoDevices('allergies');
		await edit(anna, 'patient:allergies', 'anna', '2026-11-24T09:00:00.000Z', { allergies: ['Penicillin'] });
		await edit(tom, 'patient:allergies', 'tom', '2026-11-24T09:30:00.000Z', { allergies: ['Latex'] });
		await syncBoth(anna, tom);
		const open = await anna.get('patient:allergies', { conflicts: true });
		expect(open._conflicts).toHaveLength(1);

		// Anna settles it: both allergies are real. The merged revision plus a tombstone on the loser.
		const loser = open._conflicts![0];
		await anna.bulkDocs([
			{ ...open, _conflicts: undefined, allergies: ['Latex', 'Penicillin'], updatedAt: '2026-11-24T12:00:00.000Z', updatedBy: 'anna' },
			{ _id: 'patient:allergies', _rev: loser, _deleted: true }
		] as never);
		const push = await anna.replicate.to(remote('anna'));
		expect(push.doc_write_failures).toBe(0);
		await tom.replicate.from(remote('tom'));
		const settled = await tom.get('patient:allergies', { conflicts: true });
		expect(settled).toMatchObject({ allergies: ['Latex', 'Penicillin'] });
		expect(settled._conflicts).toBeUndefined();
	});
});
