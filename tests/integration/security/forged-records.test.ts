// Issue 11, items 1–4: team members with valid accounts try to rewrite, delete or take over records
// of their team through every write path. Each attack was first seen succeed; each must now be
// refused with a CouchDB-shaped error and leave the stored revisions as they were.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docId, type DocType } from '../../../src/lib/domain/index.ts';
import { sampleDocument, testPatient } from '../../support/documents.ts';
import { login, startTestServer, TEST_PASSWORD, type TestServer } from '../../support/test-server.ts';

let server: TestServer;
const tokens: Record<string, string> = {};
const NURSING = 'team-pflege';
const STATION = 'team-wache';
const NOW = () => new Date().toISOString();
const FUTURE = '2099-01-01T00:00:00.000Z';
const FORGED_HASH = '0badc0de0badc0de0badc0de0badc0de';

beforeAll(async () => {
	server = await startTestServer();
	const { accounts } = server.app;
	await accounts.saveTeam({ id: 'pflege', name: 'Pflege', kind: 'nursing', region: 'test' });
	await accounts.saveTeam({ id: 'wache', name: 'Wache', kind: 'ambulance', region: 'test' });
	const users = [
		['anna', 'nurse', ['pflege']],
		['tom', 'nurse', ['pflege']],
		['rtw1', 'paramedic', ['wache']],
		['rtw2', 'paramedic', ['wache']],
		['leitstelle', 'dispatcher', ['pflege', 'wache']]
	] as const;
	for (const [username, role, teams] of users) {
		await accounts.createUser({ username, displayName: username, role, teams: [...teams], password: TEST_PASSWORD });
		tokens[username] = await login(server.url, username);
	}
});
afterAll(() => server.close());

type Doc = Record<string, unknown> & { _id: string; _rev: string };

async function call(user: string, method: string, db: string, path: string, body?: unknown) {
	const res = await fetch(`${server.url}/db/${db}/${path}`, {
		method,
		headers: { authorization: `Bearer ${tokens[user]}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	return { status: res.status, body: (await res.json()) as unknown };
}

/** A document stored as its rightful author wrote it (straight into storage). */
async function stored(db: string, doc: Record<string, unknown>): Promise<Doc> {
	const result = await server.app.storage.database(db).put(doc as never);
	return { ...doc, _rev: result.rev } as Doc;
}

/** Every leaf of the document as storage holds it now. */
async function leaves(db: string, id: string): Promise<Record<string, unknown>[]> {
	const rows = (await server.app.storage.database(db).get(id, { open_revs: 'all' } as never)) as unknown as { ok?: Record<string, unknown> }[];
	return rows.flatMap((row) => (row.ok ? [row.ok] : []));
}

/** Exactly the one revision `doc` is still there, unchanged. */
async function expectUntouched(db: string, doc: Doc): Promise<void> {
	expect(await leaves(db, doc._id)).toEqual([doc]);
}

/** As seen: the stored `_rev`, and a `_revisions` chain naming an invented child of it. */
function forgedChild(doc: Doc, content: Record<string, unknown>): Record<string, unknown> {
	return { ...content, _id: doc._id, _rev: doc._rev, _revisions: { start: 2, ids: [FORGED_HASH, doc._rev.slice(2)] } };
}

/** The same child with a `_rev` that agrees with its `_revisions`: it must fail on its content. */
function consistentChild(doc: Doc, content: Record<string, unknown>): Record<string, unknown> {
	return { ...forgedChild(doc, content), _rev: `2-${FORGED_HASH}` };
}

const refusedInBulk = (reason?: string) => [expect.objectContaining({ error: 'forbidden', ...(reason ? { reason: expect.stringContaining(reason) } : {}) })];

describe('1. forged revision history (new_edits=false)', () => {
	it('refuses a stored _rev with an invented _revisions chain replacing another crew\'s status event', async () => {
		const status = await stored(STATION, { ...sampleDocument('status', 'press-1', 'rtw2'), missionId: docId('mission', 'm1') });
		for (const forged of [forgedChild(status, { type: 'x' }), consistentChild(status, { type: 'x' }), consistentChild(status, { ...status, status: 8 })]) {
			const res = await call('rtw1', 'POST', STATION, '_bulk_docs', { docs: [forged], new_edits: false });
			expect(res).toEqual({ status: 201, body: refusedInBulk() });
		}
		await expectUntouched(STATION, status);
	});

	it('refuses a forged tombstone of an observation', async () => {
		const observation = await stored(NURSING, sampleDocument('observation', 'o-del', 'tom'));
		for (const forged of [forgedChild(observation, { _deleted: true }), consistentChild(observation, { _deleted: true })]) {
			const res = await call('anna', 'POST', NURSING, '_bulk_docs', { docs: [forged], new_edits: false });
			expect(res.body).toEqual(refusedInBulk());
		}
		await expectUntouched(NURSING, observation);
	});

	it('refuses a forged tombstone of a note', async () => {
		const note = await stored(NURSING, sampleDocument('note', 'n-del', 'tom'));
		for (const forged of [forgedChild(note, { _deleted: true }), consistentChild(note, { _deleted: true })]) {
			const res = await call('anna', 'POST', NURSING, '_bulk_docs', { docs: [forged], new_edits: false });
			expect(res.body).toEqual(refusedInBulk());
		}
		await expectUntouched(NURSING, note);
	});

	it('refuses a patient stripped to two fields by a dispatcher through a forged history', async () => {
		const patient = await stored(NURSING, testPatient('strip', 'anna'));
		for (const forged of [forgedChild(patient, { type: 'patient', firstName: 'X' }), consistentChild(patient, { type: 'patient', firstName: 'X' })]) {
			const res = await call('leitstelle', 'POST', NURSING, '_bulk_docs', { docs: [forged], new_edits: false });
			expect(res.body).toEqual(refusedInBulk());
		}
		await expectUntouched(NURSING, patient);
	});

	it('refuses the same forgery through PUT ?new_edits=false, with 403 and nothing written', async () => {
		const status = await stored(STATION, sampleDocument('status', 'press-put', 'rtw2'));
		const res = await call('rtw1', 'PUT', STATION, `${encodeURIComponent(status._id)}?new_edits=false`, forgedChild(status, { ...status, status: 8 }));
		expect(res).toMatchObject({ status: 403, body: { error: 'forbidden' } });
		await expectUntouched(STATION, status);
	});

	it('answers an honest PUT ?new_edits=false with 201 and the stored revision, not 500', async () => {
		const doc = { ...sampleDocument('observation', 'put-replicated', 'anna'), _rev: `1-${FORGED_HASH}` };
		const res = await call('anna', 'PUT', NURSING, `${encodeURIComponent(doc._id)}?new_edits=false`, doc);
		expect(res).toEqual({ status: 201, body: { ok: true, id: doc._id, rev: doc._rev } });
		expect(await leaves(NURSING, doc._id)).toEqual([doc]);
	});

	it('refuses a forged chain that skips over the stored revision (an unrelated history)', async () => {
		const observation = await stored(NURSING, sampleDocument('observation', 'o-unrelated', 'tom'));
		const forged = { ...observation, value: 190, _rev: `3-${FORGED_HASH}`, _revisions: { start: 3, ids: [FORGED_HASH, 'aaaa', 'bbbb'] } };
		const res = await call('anna', 'POST', NURSING, '_bulk_docs', { docs: [forged], new_edits: false });
		expect(res.body).toEqual(refusedInBulk('append-only'));
		await expectUntouched(NURSING, observation);
	});

	it('refuses a _rev that disagrees with the leaf _revisions names', async () => {
		const observation = await stored(NURSING, sampleDocument('observation', 'o-mismatch', 'tom'));
		const forged = { ...observation, _rev: observation._rev, _revisions: { start: 1, ids: [FORGED_HASH] } };
		const res = await call('anna', 'POST', NURSING, '_bulk_docs', { docs: [forged], new_edits: false });
		expect(res.body).toEqual(refusedInBulk('_revisions'));
		await expectUntouched(NURSING, observation);
	});
});

describe('2. a second first revision of an existing document', () => {
	it('refuses a 1-fff… alarm revision in the attacker\'s name that would win', async () => {
		const alarm = await stored(NURSING, { ...sampleDocument('alarm', 'a-sev', 'tom'), severity: 'high' });
		const forged = { ...alarm, createdBy: 'anna', severity: 'low-medium', _rev: `1-${'f'.repeat(32)}` };
		const res = await call('anna', 'POST', NURSING, '_bulk_docs', { docs: [forged], new_edits: false });
		expect(res.body).toEqual(refusedInBulk('append-only'));
		await expectUntouched(NURSING, alarm);
	});

	it('refuses a second first revision of a patient that rewrites its author', async () => {
		const patient = await stored(NURSING, testPatient('second-root', 'tom'));
		const forged = { ...patient, createdBy: 'anna', updatedBy: 'anna', _rev: `1-${'f'.repeat(32)}` };
		const res = await call('anna', 'POST', NURSING, '_bulk_docs', { docs: [forged], new_edits: false });
		expect(res.body).toEqual(refusedInBulk('createdBy'));
		await expectUntouched(NURSING, patient);
	});
});

describe('3. authorship and audit fields', () => {
	const edit = (doc: Doc, user: string, changes: Record<string, unknown>) => ({ ...doc, updatedAt: NOW(), updatedBy: user, ...changes });

	it('refuses rewriting createdBy on an edit', async () => {
		const patient = await stored(NURSING, testPatient('author', 'tom'));
		const res = await call('anna', 'PUT', NURSING, encodeURIComponent(patient._id), edit(patient, 'anna', { createdBy: 'anna' }));
		expect(res).toMatchObject({ status: 403, body: { error: 'forbidden', reason: expect.stringContaining('createdBy') } });
		await expectUntouched(NURSING, patient);
	});

	it('refuses rewriting createdAt on an edit', async () => {
		const patient = await stored(NURSING, testPatient('created-at', 'tom'));
		const res = await call('anna', 'PUT', NURSING, encodeURIComponent(patient._id), edit(patient, 'anna', { createdAt: '2020-01-01T00:00:00.000Z' }));
		expect(res).toMatchObject({ status: 403, body: { reason: expect.stringContaining('createdAt') } });
	});

	it('refuses a field edit stamped in another user\'s name', async () => {
		const patient = await stored(NURSING, testPatient('stamp-other', 'tom'));
		const res = await call('anna', 'PUT', NURSING, encodeURIComponent(patient._id), edit(patient, 'anna', { phone: '0367 1', fieldEdits: { phone: { at: NOW(), by: 'tom' } } }));
		expect(res).toMatchObject({ status: 403, body: { reason: expect.stringContaining('fieldEdits.phone') } });
	});

	it('refuses a field edit dated in the future (it would win every later merge)', async () => {
		const patient = await stored(NURSING, testPatient('stamp-future', 'tom'));
		const res = await call('anna', 'PUT', NURSING, encodeURIComponent(patient._id), edit(patient, 'anna', { phone: '0367 2', fieldEdits: { phone: { at: FUTURE, by: 'anna' } } }));
		expect(res).toMatchObject({ status: 403, body: { reason: expect.stringContaining('future') } });
	});

	it('refuses an edit dated in the future', async () => {
		const patient = await stored(NURSING, testPatient('updated-future', 'tom'));
		const res = await call('anna', 'PUT', NURSING, encodeURIComponent(patient._id), { ...edit(patient, 'anna', { phone: '0367 3' }), updatedAt: FUTURE });
		expect(res).toMatchObject({ status: 403, body: { reason: expect.stringContaining('updatedAt') } });
	});

	it('refuses an invented merge history entry in another user\'s name', async () => {
		const patient = await stored(NURSING, testPatient('history', 'tom'));
		const entry = { field: 'phone', value: '110', at: FUTURE, by: 'tom', rev: `1-${FORGED_HASH}` };
		const res = await call('anna', 'PUT', NURSING, encodeURIComponent(patient._id), edit(patient, 'anna', { mergeHistory: [entry] }));
		expect(res).toMatchObject({ status: 403, body: { reason: expect.stringContaining('mergeHistory') } });
	});

	it('refuses an alarm acknowledged in someone else\'s name', async () => {
		const ack = { ...sampleDocument('alarm', 'ack-forged', 'anna'), acknowledgedBy: 'tom', acknowledgedAt: NOW() };
		const res = await call('anna', 'POST', NURSING, '_bulk_docs', { docs: [ack] });
		expect(res.body).toEqual(refusedInBulk('acknowledgedBy'));
	});

	it('refuses a status press in another unit\'s name', async () => {
		const press = sampleDocument('status', 'press-other-unit', 'rtw1', 'rtw2');
		const res = await call('rtw1', 'POST', STATION, '_bulk_docs', { docs: [press] });
		expect(res.body).toEqual(refusedInBulk('unitId'));
	});
});

describe('4. rights per field and per owner', () => {
	const edit = (doc: Doc, user: string, changes: Record<string, unknown>) => ({ ...doc, updatedAt: NOW(), updatedBy: user, ...changes });
	const put = (user: string, db: string, doc: Record<string, unknown>) => call(user, 'PUT', db, encodeURIComponent(String(doc._id)), doc);

	it('refuses a dispatcher changing a mission\'s findings (complaint, GCS, NACA)', async () => {
		const mission = await stored(STATION, sampleDocument('mission', 'findings', 'leitstelle', 'rtw1'));
		const res = await put('leitstelle', STATION, edit(mission, 'leitstelle', { care: { complaint: 'keine', gcs: { eye: 4, verbal: 5, motor: 6 }, naca: 1 } }));
		expect(res).toMatchObject({ status: 403, body: { reason: expect.stringContaining('care') } });
		await expectUntouched(STATION, mission);
	});

	it('refuses a dispatcher changing a patient\'s allergies, and creating one with allergies', async () => {
		const patient = await stored(NURSING, testPatient('allergies', 'anna', { allergies: ['Penicillin'] }));
		const res = await put('leitstelle', NURSING, edit(patient, 'leitstelle', { allergies: [] }));
		expect(res).toMatchObject({ status: 403, body: { reason: expect.stringContaining('allergies') } });
		await expectUntouched(NURSING, patient);
		const created = await call('leitstelle', 'POST', NURSING, '_bulk_docs', { docs: [testPatient('new-allergies', 'leitstelle', { allergies: ['Latex'] })] });
		expect(created.body).toEqual(refusedInBulk('allergies'));
	});

	it('lets a dispatcher change a patient\'s master data', async () => {
		const patient = await stored(NURSING, testPatient('master', 'anna', { allergies: ['Penicillin'] }));
		const res = await put('leitstelle', NURSING, edit(patient, 'leitstelle', { phone: '03671 123' }));
		expect(res.status).toBe(201);
	});

	it('refuses a crew that is not assigned changing another unit\'s mission', async () => {
		const mission = await stored(STATION, sampleDocument('mission', 'other-unit', 'leitstelle', 'rtw2'));
		const res = await put('rtw1', STATION, edit(mission, 'rtw1', { care: { complaint: 'Atemnot' } }));
		expect(res).toMatchObject({ status: 403, body: { reason: expect.stringContaining('own') } });
		await expectUntouched(STATION, mission);
	});

	it('lets the assigned crew record findings but not reassign the mission', async () => {
		const mission = await stored(STATION, sampleDocument('mission', 'own-unit', 'leitstelle', 'rtw1'));
		const recorded = await put('rtw1', STATION, edit(mission, 'rtw1', { care: { complaint: 'Atemnot', naca: 3 } }));
		expect(recorded.status).toBe(201);
		const current = (await server.app.storage.database(STATION).get(mission._id)) as Doc;
		const reassigned = await put('rtw1', STATION, edit(current, 'rtw1', { unitId: 'rtw2' }));
		expect(reassigned).toMatchObject({ status: 403, body: { reason: expect.stringContaining('unitId') } });
	});

	it('refuses a nurse emptying a colleague\'s tour', async () => {
		const visit = await stored(NURSING, sampleDocument('visit', 'tom-1', 'leitstelle', 'tom'));
		const tour = await stored(NURSING, { ...sampleDocument('tour', 'tom-day', 'leitstelle', 'tom'), visitIds: [visit._id] });
		const res = await put('anna', NURSING, edit(tour, 'anna', { visitIds: [] }));
		expect(res).toMatchObject({ status: 403, body: { reason: expect.stringContaining('own') } });
		await expectUntouched(NURSING, tour);
	});

	it('lets a nurse reorder her own tour, but not drop visits from it', async () => {
		const ids = ['a', 'b', 'c'].map((key) => docId('visit', `anna-${key}`));
		const tour = await stored(NURSING, { ...sampleDocument('tour', 'anna-day', 'leitstelle', 'anna'), visitIds: ids });
		const reordered = await put('anna', NURSING, edit(tour, 'anna', { visitIds: [ids[2], ids[0], ids[1]], orderedBy: 'hand' }));
		expect(reordered.status).toBe(201);
		const current = (await server.app.storage.database(NURSING).get(tour._id)) as Doc;
		const dropped = await put('anna', NURSING, edit(current, 'anna', { visitIds: [ids[2]] }));
		expect(dropped).toMatchObject({ status: 403, body: { reason: expect.stringContaining('visitIds') } });
	});

	it('refuses a nurse documenting a colleague\'s visit, or re-planning her own', async () => {
		const theirs = await stored(NURSING, sampleDocument('visit', 'doc-tom', 'leitstelle', 'tom'));
		const res = await put('anna', NURSING, edit(theirs, 'anna', { status: 'done', endedAt: NOW() }));
		expect(res).toMatchObject({ status: 403 });
		const hers = await stored(NURSING, sampleDocument('visit', 'doc-anna', 'leitstelle', 'anna'));
		const moved = await put('anna', NURSING, edit(hers, 'anna', { date: '2026-11-25' }));
		expect(moved).toMatchObject({ status: 403, body: { reason: expect.stringContaining('date') } });
		const documented = await put('anna', NURSING, edit(hers, 'anna', { status: 'in-progress', startedAt: NOW() }));
		expect(documented.status).toBe(201);
	});

	it.each(['observation', 'observationSet', 'note', 'status', 'handover', 'alarm'] as DocType[])('refuses every deletion of an append-only %s, also with new_edits=true', async (type) => {
		const db = ['status', 'handover'].includes(type) ? STATION : NURSING;
		const user = db === STATION ? 'rtw1' : 'anna';
		const doc = await stored(db, sampleDocument(type, `del-${type}`, user));
		const res = await call(user, 'DELETE', db, `${encodeURIComponent(doc._id)}?rev=${doc._rev}`);
		expect(res).toMatchObject({ status: 403, body: { error: 'forbidden', reason: expect.stringContaining('append-only') } });
		await expectUntouched(db, doc);
	});
});

describe('observation sets (issue 12: a round of values in one document)', () => {
	const isStored = (db: string, id: string) => server.app.storage.database(db).get(id).then(() => true, () => false);
	const body = (res: { body: unknown }) => res.body as Record<string, unknown>;

	it('refuses changing a value of a colleague\'s set on every write path, and its own author\'s too', async () => {
		const set = await stored(NURSING, sampleDocument('observationSet', 'set-edit', 'tom'));
		const members = set.members as Record<string, unknown>[];
		const changed = { ...set, members: [{ ...members[0], value: 30 }, members[1]] };
		for (const user of ['anna', 'tom']) {
			const put = await call(user, 'PUT', NURSING, encodeURIComponent(set._id), changed);
			expect(put).toMatchObject({ status: 403, body: { error: 'forbidden', reason: expect.stringContaining('append-only') } });
			const bulk = await call(user, 'POST', NURSING, '_bulk_docs', { docs: [changed] });
			expect(bulk.body).toEqual(refusedInBulk('append-only'));
			for (const forged of [forgedChild(set, changed), consistentChild(set, changed), consistentChild(set, { _deleted: true })]) {
				expect((await call(user, 'POST', NURSING, '_bulk_docs', { docs: [forged], new_edits: false })).body).toEqual(refusedInBulk());
			}
		}
		await expectUntouched(NURSING, set);
	});

	it('refuses a set in a colleague\'s name, or by a dispatcher', async () => {
		const inTomsName = sampleDocument('observationSet', 'set-tom', 'tom');
		const res = await call('anna', 'PUT', NURSING, encodeURIComponent(inTomsName._id), inTomsName);
		expect(res.status).toBe(403);
		const byDispatcher = sampleDocument('observationSet', 'set-ls', 'leitstelle');
		const refused = await call('leitstelle', 'POST', NURSING, '_bulk_docs', { docs: [byDispatcher] });
		expect(refused.body).toEqual(refusedInBulk('may not create observationSet'));
		expect(await isStored(NURSING, inTomsName._id)).toBe(false);
		expect(await isStored(NURSING, byDispatcher._id)).toBe(false);
	});

	it('refuses a set filed under another patient, and a single observation that would shadow a member of a set', async () => {
		const set = await stored(NURSING, sampleDocument('observationSet', 'set-shadow', 'tom'));
		const elsewhere = { ...sampleDocument('observationSet', 'set-p2', 'anna'), patientId: docId('patient', 'p9') };
		const misfiled = await call('anna', 'PUT', NURSING, encodeURIComponent(elsewhere._id), elsewhere);
		expect(misfiled).toMatchObject({ status: 403, body: { error: 'forbidden', reason: expect.stringContaining("the id's key must be the subject's key") } });
		// The set's first value is `observation:p1:set-shadow:0`: a document of that id would replace it in every reader.
		const shadow = { ...sampleDocument('observation', 'x', 'anna'), _id: 'observation:p1:set-shadow:0', value: 30 };
		for (const res of [
			await call('anna', 'PUT', NURSING, encodeURIComponent(shadow._id), shadow),
			await call('anna', 'POST', NURSING, '_bulk_docs', { docs: [{ ...shadow, _rev: '1-abc' }], new_edits: false })
		]) {
			expect(JSON.stringify(res.body)).toContain('must not have the form of an observation set member id');
		}
		expect(await isStored(NURSING, shadow._id)).toBe(false);
		expect(await isStored(NURSING, elsewhere._id)).toBe(false);
		await expectUntouched(NURSING, set);
	});

	it('stores a nurse\'s own set, on every write path', async () => {
		const put = sampleDocument('observationSet', 'set-own-put', 'anna');
		expect(await call('anna', 'PUT', NURSING, encodeURIComponent(put._id), put)).toMatchObject({ status: 201, body: { ok: true } });
		const bulk = sampleDocument('observationSet', 'set-own-bulk', 'anna');
		expect(body(await call('anna', 'POST', NURSING, '_bulk_docs', { docs: [bulk] }))).toEqual([expect.objectContaining({ ok: true, id: bulk._id })]);
		const replicated = { ...sampleDocument('observationSet', 'set-own-repl', 'anna'), _rev: '1-0123456789abcdef0123456789abcdef' };
		expect(body(await call('anna', 'POST', NURSING, '_bulk_docs', { docs: [replicated], new_edits: false }))).toEqual([]);
		expect(await leaves(NURSING, replicated._id)).toHaveLength(1);
	});
});
