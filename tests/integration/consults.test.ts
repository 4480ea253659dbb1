// A consult from request to close over the wire: a nurse asks (offline, earlier), two physicians see
// it queued, one accepts, reads the record, orders; the order reaches the nurse's database, she
// answers; the call and the close are recorded.
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docId } from '../../src/lib/domain/index.ts';
import { sampleDocument } from '../support/documents.ts';
import { ago, api, consultDoc, HOUR, requestConsult, seedConsultTeams, seedPatients } from '../support/consults.ts';
import { remoteDb, startTestServer, type TestServer } from '../support/test-server.ts';

PouchDB.plugin(memoryAdapter);

let server: TestServer;
let tokens: Record<string, string>;
const ID = docId('consult', 'flow');

beforeAll(async () => {
	server = await startTestServer();
	tokens = await seedConsultTeams(server);
	await server.app.accounts.updateUser('anna', { displayName: 'Anna Köhler' });
	await seedPatients(server);
	// Asked three hours ago while offline; it reaches the server only now.
	await requestConsult(server, tokens.anna, 'team-pflege-a', consultDoc('flow', 'anna', { requestedAt: ago(3 * HOUR), visitId: 'visit:v1' }));
	await requestConsult(server, tokens.rtw1, 'team-wache-a', consultDoc('scene', 'rtw1', { urgency: 'sofort', requestedAt: ago(60_000), patientId: undefined, missionId: 'mission:m1' }));
});
afterAll(() => server.close());

describe('a consult', () => {
	it('queues for every physician serving the team: urgent first, with the time it was asked on the device', async () => {
		for (const physician of ['dr.berg', 'dr.hain']) {
			const res = await api(server, tokens[physician], 'GET', '/api/consults');
			expect(res.status).toBe(200);
			expect(res.body.consults?.map((c) => [c.id, c.state])).toEqual([
				['consult:scene', 'requested'],
				[ID, 'requested']
			]);
			const flow = res.body.consults?.find((c) => c.id === ID);
			expect(Date.now() - Date.parse(flow?.requestedAt ?? '')).toBeGreaterThanOrEqual(3 * HOUR);
			// Who asked, as people are shown: her display name beside her user name.
			expect(flow).toMatchObject({ requestedBy: 'anna', requestedByName: 'Anna Köhler' });
		}
	});

	it('is accepted by one physician; the second accept is refused with 409 and it leaves their queue', async () => {
		const first = await api(server, tokens['dr.berg'], 'POST', `/api/consults/${encodeURIComponent(ID)}/accept`);
		expect(first.status).toBe(200);
		expect(first.body.consult).toMatchObject({ acceptedBy: 'dr.berg' });
		const second = await api(server, tokens['dr.hain'], 'POST', `/api/consults/${encodeURIComponent(ID)}/accept`);
		expect(second).toMatchObject({ status: 409, body: { error: 'conflict' } });
		const again = await api(server, tokens['dr.berg'], 'POST', `/api/consults/${encodeURIComponent(ID)}/accept`);
		expect(again.status).toBe(200);
		const queue = await api(server, tokens['dr.hain'], 'GET', '/api/consults');
		expect(queue.body.consults?.map((c) => c.id)).toEqual(['consult:scene']);
		const stored = (await server.app.storage.database('team-pflege-a').get(ID)) as unknown as Record<string, unknown>;
		expect(stored).toMatchObject({ acceptedBy: 'dr.berg', updatedBy: 'dr.berg' });
	});

	it('two physicians accepting at the same moment: exactly one gets it', async () => {
		await requestConsult(server, tokens.anna, 'team-pflege-a', consultDoc('race', 'anna'));
		const path = `/api/consults/${encodeURIComponent('consult:race')}/accept`;
		const results = await Promise.all([api(server, tokens['dr.berg'], 'POST', path), api(server, tokens['dr.hain'], 'POST', path)]);
		expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
	});

	it('shows the accepting physician the record: allergies first, vital signs of the last 24 h', async () => {
		const res = await api(server, tokens['dr.berg'], 'GET', `/api/consults/${encodeURIComponent(ID)}`);
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ team: 'pflege-a', requestedByName: 'Anna Köhler', allergies: ['Penicillin'], patient: { _id: 'patient:p1' }, consult: { _id: ID } });
		expect((res.body.observations as { _id: string }[]).map((o) => o._id)).toEqual(['observation:p1:recent']);
	});

	it('stores an order signed with the physician\'s account, which the nurse reads and answers', async () => {
		const res = await api(server, tokens['dr.berg'], 'POST', `/api/consults/${encodeURIComponent(ID)}/orders`, { kind: 'medication', substance: 'Nitrendipin', dose: '5 mg', route: 'sl' });
		expect(res.status).toBe(201);
		const order = res.body.order as { _id: string; createdBy: string };
		expect(order).toMatchObject({ createdBy: 'dr.berg', consultId: ID, patientId: 'patient:p1', visitId: 'visit:v1' });
		const seen = await api(server, tokens.anna, 'GET', `/db/team-pflege-a/${encodeURIComponent(order._id)}`);
		expect(seen).toMatchObject({ status: 200, body: { createdBy: 'dr.berg', substance: 'Nitrendipin' } });
		const answer = { _id: `orderResponse:flow:${Date.now()}`, type: 'orderResponse', schemaVersion: 1, createdAt: ago(0), createdBy: 'anna', deviceId: 'test-device', orderId: order._id, consultId: ID, outcome: 'done', doneAt: ago(0) };
		expect((await api(server, tokens.anna, 'PUT', `/db/team-pflege-a/${encodeURIComponent(answer._id)}`, answer)).status).toBe(201);
		const record = await api(server, tokens['dr.berg'], 'GET', `/api/consults/${encodeURIComponent(ID)}`);
		expect((record.body.orders as unknown[]).length).toBe(1);
		expect(record.body.responses).toMatchObject([{ outcome: 'done', createdBy: 'anna' }]);
	});

	it('reaches the nurse\'s device by replication: the accepted consult and the signed order', async () => {
		const device = new PouchDB(`nurse-device-${Math.random()}`, { adapter: 'memory' });
		const result = await device.replicate.from(remoteDb(server.url, 'team-pflege-a', tokens.anna));
		expect(result.doc_write_failures).toBe(0);
		expect(await device.get(ID)).toMatchObject({ acceptedBy: 'dr.berg', requestedAt: expect.any(String) });
		const orders = await device.allDocs({ startkey: 'order:flow:', endkey: 'order:flow:\ufff0', include_docs: true });
		expect(orders.rows.map((row) => row.doc)).toMatchObject([{ createdBy: 'dr.berg', kind: 'medication', substance: 'Nitrendipin', route: 'sl' }]);
	});

	it('keeps the physician\'s reading of the record and the order in the audit trail of the patient', async () => {
		const rows = await server.app.audit.entriesOf('patient:p1', 50);
		const physician = rows.filter((row) => row.user === 'dr.berg' && row.via === 'consult');
		expect(physician.map((row) => row.action).sort()).toEqual(expect.arrayContaining(['read', 'written']));
		expect(physician.every((row) => row.role === 'arzt' && row.database === 'team-pflege-a')).toBe(true);
	});

	it('shows the Telenotarzt the mission so far: the mission, its vital signs and status presses', async () => {
		const station = server.app.storage.database('team-wache-a');
		await station.bulkDocs([
			{ ...sampleDocument('mission', 'm1', 'leitstelle', 'rtw1'), keyword: 'RD 2 – Atemnot' },
			{ ...sampleDocument('status', 'm1:s4', 'rtw1'), missionId: 'mission:m1', at: ago(HOUR / 4) },
			{ _id: 'observation:m1:spo2', type: 'observation', schemaVersion: 1, createdAt: ago(HOUR / 6), createdBy: 'rtw1', deviceId: 'd', missionId: 'mission:m1', code: '2708-6', value: 86, unit: '%', effectiveAt: ago(HOUR / 6) }
		] as never[]);
		const scene = `/api/consults/${encodeURIComponent('consult:scene')}`;
		expect((await api(server, tokens['dr.hain'], 'POST', `${scene}/accept`)).status).toBe(200);
		const record = await api(server, tokens['dr.hain'], 'GET', scene);
		expect(record).toMatchObject({ status: 200, body: { team: 'wache-a', mission: { _id: 'mission:m1', keyword: 'RD 2 – Atemnot' }, allergies: [] } });
		expect((record.body.observations as { _id: string }[]).map((o) => o._id)).toEqual(['observation:m1:spo2']);
		expect((record.body.statuses as { _id: string }[]).map((o) => o._id)).toEqual(['status:m1:s4']);
		const order = await api(server, tokens['dr.hain'], 'POST', `${scene}/orders`, { kind: 'no-transport' });
		expect(order).toMatchObject({ status: 201, body: { order: { missionId: 'mission:m1', createdBy: 'dr.hain', kind: 'no-transport' } } });
	});

	it('records the call and the close; a closed consult leaves the queue', async () => {
		const path = `/api/consults/${encodeURIComponent(ID)}`;
		expect((await api(server, tokens['dr.berg'], 'POST', `${path}/call`, { event: 'ended' })).status).toBe(409);
		expect((await api(server, tokens['dr.berg'], 'POST', `${path}/call`, { event: 'started' })).body.consult).toMatchObject({ callStartedAt: expect.any(String) });
		expect((await api(server, tokens['dr.berg'], 'POST', `${path}/call`, { event: 'ended' })).body.consult).toMatchObject({ callEndedAt: expect.any(String) });
		expect((await api(server, tokens['dr.berg'], 'POST', `${path}/close`)).body.consult).toMatchObject({ closedBy: 'dr.berg' });
		const queue = await api(server, tokens['dr.berg'], 'GET', '/api/consults');
		expect(queue.body.consults?.map((c) => c.id)).not.toContain(ID);
	});
});
