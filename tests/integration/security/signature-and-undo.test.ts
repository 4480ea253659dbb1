// Issue 13: the planner's "Unterschrift erforderlich" is the planner's alone — a nurse cannot drop it
// to finish without the patient signing — while the undo writes of finishing and of a day plan pass.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDocument, testPatient } from '../../support/documents.ts';
import { login, startTestServer, TEST_PASSWORD, type TestServer } from '../../support/test-server.ts';

let server: TestServer;
const tokens: Record<string, string> = {};
const NURSING = 'team-pflege';
const NOW = () => new Date().toISOString();

beforeAll(async () => {
	server = await startTestServer();
	const { accounts } = server.app;
	await accounts.saveTeam({ id: 'pflege', name: 'Pflege', kind: 'nursing', region: 'test' });
	for (const [username, role] of [
		['anna', 'nurse'],
		['pdl', 'dispatcher']
	] as const) {
		await accounts.createUser({ username, displayName: username, role, teams: ['pflege'], password: TEST_PASSWORD });
		tokens[username] = await login(server.url, username);
	}
});
afterAll(() => server.close());

type Doc = Record<string, unknown> & { _id: string; _rev: string };

async function call(user: string, method: string, path: string, body?: unknown) {
	const res = await fetch(`${server.url}/db/${NURSING}/${path}`, {
		method,
		headers: { authorization: `Bearer ${tokens[user]}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const put = (user: string, doc: Record<string, unknown>) => call(user, 'PUT', encodeURIComponent(String(doc._id)), doc);
const edit = (doc: Doc, user: string, changes: Record<string, unknown>) => ({ ...doc, updatedAt: NOW(), updatedBy: user, ...changes });
const stored = async (doc: Record<string, unknown>): Promise<Doc> => ({ ...doc, _rev: (await server.app.storage.database(NURSING).put(doc as never)).rev }) as Doc;
const current = async (id: string) => (await server.app.storage.database(NURSING).get(id)) as unknown as Doc;

describe('signatureRequired is set by the planner only', () => {
	it('refuses a nurse switching off the signature her visit requires', async () => {
		const visit = await stored({ ...sampleDocument('visit', 'sig-off', 'pdl', 'anna'), signatureRequired: true });
		const res = await put('anna', edit(visit, 'anna', { signatureRequired: false }));
		expect(res).toMatchObject({ status: 403, body: { error: 'forbidden', reason: expect.stringContaining('signatureRequired') } });
		expect((await current(visit._id))._rev).toBe(visit._rev);
	});

	it('refuses a nurse removing signatureRequired while finishing the visit', async () => {
		const visit = await stored({ ...sampleDocument('visit', 'sig-drop', 'pdl', 'anna'), signatureRequired: true });
		const { signatureRequired: _dropped, ...rest } = visit;
		const res = await put('anna', edit(rest as Doc, 'anna', { status: 'done', startedAt: NOW(), endedAt: NOW() }));
		expect(res).toMatchObject({ status: 403, body: { error: 'forbidden', reason: expect.stringContaining('signatureRequired') } });
		expect((await current(visit._id)).signatureRequired).toBe(true);
	});

	it('refuses a nurse switching off the care plan\'s signature requirement on the patient', async () => {
		const patient = await stored({ ...testPatient('sig-plan', 'pdl'), visitSignatureRequired: true });
		const res = await put('anna', edit(patient, 'anna', { visitSignatureRequired: false }));
		expect(res).toMatchObject({ status: 403, body: { error: 'forbidden', reason: expect.stringContaining('visitSignatureRequired') } });
		expect((await current(patient._id))._rev).toBe(patient._rev);
		// The rest of the record stays hers to keep.
		expect((await put('anna', edit(patient, 'anna', { phone: '03671 1234' }))).status).toBe(201);
	});

	it('refuses the same through _bulk_docs and as a replicated revision (new_edits=false)', async () => {
		const patient = await stored({ ...testPatient('sig-bulk', 'pdl'), visitSignatureRequired: true });
		const changed = edit(patient, 'anna', { visitSignatureRequired: false });
		const bulk = await call('anna', 'POST', '_bulk_docs', { docs: [changed] });
		expect(bulk.body).toEqual([expect.objectContaining({ id: patient._id, error: 'forbidden' })]);
		const [generation, parent] = patient._rev.split('-');
		const replicated = { ...changed, _rev: `${Number(generation) + 1}-${'a'.repeat(32)}`, _revisions: { start: Number(generation) + 1, ids: ['a'.repeat(32), parent] } };
		const forged = await call('anna', 'POST', '_bulk_docs', { docs: [replicated], new_edits: false });
		expect(forged.body).toEqual([expect.objectContaining({ id: patient._id, error: 'forbidden' })]);
		const now = await current(patient._id);
		expect([now._rev, now.visitSignatureRequired]).toEqual([patient._rev, true]);
	});

	it('lets the care manager set the patient\'s default', async () => {
		const patient = await stored(testPatient('sig-plan-pdl', 'anna'));
		expect((await put('pdl', edit(patient, 'pdl', { visitSignatureRequired: true }))).status).toBe(201);
	});

	it('lets the care manager require a signature', async () => {
		const visit = await stored(sampleDocument('visit', 'sig-on', 'pdl', 'anna'));
		const res = await put('pdl', edit(visit, 'pdl', { signatureRequired: true }));
		expect(res.status).toBe(201);
	});
});

describe('the writes of "Rückgängig" pass', () => {
	it('lets the nurse reopen her own finished visit (status, start, end, tasks not done as before)', async () => {
		const visit = await stored({
			...sampleDocument('visit', 'reopen', 'pdl', 'anna'),
			status: 'done',
			startedAt: NOW(),
			endedAt: NOW(),
			tasksDone: [],
			tasksNotDone: [{ task: 'Insulingabe', reason: 'verweigert' }]
		});
		const { endedAt: _e, tasksNotDone: _n, ...rest } = visit;
		const res = await put('anna', edit(rest as Doc, 'anna', { status: 'in-progress' }));
		expect(res.status).toBe(201);
		expect(await current(visit._id)).toMatchObject({ status: 'in-progress', updatedBy: 'anna' });
	});

	it('lets the care manager remove a tour a day plan created', async () => {
		const tour = await stored(sampleDocument('tour', 'undo-day', 'pdl', 'anna'));
		const res = await call('pdl', 'DELETE', `${encodeURIComponent(tour._id)}?rev=${tour._rev}`);
		expect(res).toMatchObject({ status: 200, body: { ok: true } });
	});
});
