// A physician reads a team's data only within a consult they accepted and have not closed, and
// orders only there. Each attempt outside that is refused — and the record of their own consult
// carries nothing of another patient.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, consultDoc, requestConsult, seedConsultTeams, seedPatients } from '../../support/consults.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';

let server: TestServer;
let tokens: Record<string, string>;
const path = (id: string, rest = '') => `/api/consults/${encodeURIComponent(id)}${rest}`;
const MEDICATION = { kind: 'medication', substance: 'Metamizol', dose: '1 g', route: 'iv' };

beforeAll(async () => {
	server = await startTestServer();
	tokens = await seedConsultTeams(server);
	await seedPatients(server);
	await requestConsult(server, tokens.anna, 'team-pflege-a', consultDoc('mine', 'anna'));
	await requestConsult(server, tokens.anna, 'team-pflege-a', consultDoc('open', 'anna', { patientId: 'patient:p2' }));
	await requestConsult(server, tokens.anna, 'team-pflege-a', consultDoc('theirs', 'anna', { patientId: 'patient:p2' }));
	await requestConsult(server, tokens.anna, 'team-pflege-a', consultDoc('closed', 'anna'));
	await requestConsult(server, tokens.fern, 'team-pflege-far', consultDoc('far', 'fern'));
	for (const [who, id] of [['dr.berg', 'consult:mine'], ['dr.hain', 'consult:theirs'], ['dr.berg', 'consult:closed']]) {
		expect((await api(server, tokens[who], 'POST', path(id, '/accept'))).status).toBe(200);
	}
	expect((await api(server, tokens['dr.berg'], 'POST', path('consult:closed', '/close'))).status).toBe(200);
});
afterAll(() => server.close());

function expectRefused(res: { status: number; text: string }, status: 403 | 404): void {
	expect(res.status).toBe(status);
	expect(JSON.parse(res.text)).toMatchObject({ error: status === 403 ? 'forbidden' : 'not_found' });
	expect(res.text).not.toContain('Muster');
	expect(res.text).not.toContain('Fremdpatientin');
}

describe('the record of a consult', () => {
	it('refuses the record of a consult nobody accepted', async () => {
		expectRefused(await api(server, tokens['dr.berg'], 'GET', path('consult:open')), 403);
	});

	it('refuses the record of a consult another physician accepted', async () => {
		expectRefused(await api(server, tokens['dr.berg'], 'GET', path('consult:theirs')), 403);
	});

	it('refuses the record of a consult the physician closed', async () => {
		expectRefused(await api(server, tokens['dr.berg'], 'GET', path('consult:closed')), 403);
	});

	it('refuses the record of a consult of a team the physician does not serve, as unknown', async () => {
		expectRefused(await api(server, tokens['dr.berg'], 'GET', path('consult:far')), 404);
	});

	it('refuses accepting a consult of a team the physician does not serve, as unknown', async () => {
		expectRefused(await api(server, tokens['dr.berg'], 'POST', path('consult:far', '/accept')), 404);
		const stored = (await server.app.storage.database('team-pflege-far').get('consult:far')) as unknown as Record<string, unknown>;
		expect(stored.acceptedBy).toBeUndefined();
	});

	it('refuses ids that are no consult (a patient\'s id through the consult endpoint)', async () => {
		const res = await api(server, tokens['dr.berg'], 'GET', path('patient:p2'));
		expect(res.status).toBe(400);
		expect(res.text).not.toContain('Fremdpatientin');
	});

	it('carries nothing of another consult\'s patient in the own consult\'s record', async () => {
		const res = await api(server, tokens['dr.berg'], 'GET', path('consult:mine'));
		expect(res.status).toBe(200);
		expect(res.text).not.toContain('patient:p2');
		expect(res.text).not.toContain('Fremdpatientin');
		expect(res.text).not.toContain('observation:p2');
	});
});

describe('orders and the course of a consult', () => {
	it('refuses an order in a consult nobody accepted', async () => {
		expectRefused(await api(server, tokens['dr.berg'], 'POST', path('consult:open', '/orders'), MEDICATION), 403);
	});

	it('refuses an order in a consult another physician accepted', async () => {
		expectRefused(await api(server, tokens['dr.berg'], 'POST', path('consult:theirs', '/orders'), MEDICATION), 403);
	});

	it('refuses an order in a closed consult', async () => {
		expectRefused(await api(server, tokens['dr.berg'], 'POST', path('consult:closed', '/orders'), MEDICATION), 403);
	});

	it('refuses an order signed with another name (the server signs it)', async () => {
		const res = await api(server, tokens['dr.berg'], 'POST', path('consult:mine', '/orders'), { ...MEDICATION, createdBy: 'dr.hain' });
		expect(res.status).toBe(400);
	});

	it('refuses closing or calling in another physician\'s consult', async () => {
		expectRefused(await api(server, tokens['dr.berg'], 'POST', path('consult:theirs', '/close')), 403);
		expectRefused(await api(server, tokens['dr.berg'], 'POST', path('consult:theirs', '/call'), { event: 'started' }), 403);
	});

	it('wrote no order outside the accepted consult', async () => {
		const orders = await server.app.storage.database('team-pflege-a').allDocs({ startkey: 'order:', endkey: 'order:\ufff0' });
		expect(orders.rows).toEqual([]);
	});
});

describe('the consult endpoints', () => {
	it('refuse field users', async () => {
		for (const user of ['anna', 'rtw1']) {
			expectRefused(await api(server, tokens[user], 'GET', '/api/consults'), 403);
			expectRefused(await api(server, tokens[user], 'POST', path('consult:open', '/accept')), 403);
			expectRefused(await api(server, tokens[user], 'POST', path('consult:mine', '/orders'), MEDICATION), 403);
		}
	});

	it('refuse requests without a session', async () => {
		const res = await fetch(`${server.url}/api/consults`);
		expect(res.status).toBe(401);
	});
});
