// The history endpoint (GET /api/history/<db>/<patientId>) answers members of the team database
// only, and refuses what it cannot read as a query; `_find`/`_index` are the server admin's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedConsultTeams } from '../../support/consults.ts';
import { seedHistory } from '../../support/history.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';

let server: TestServer;
let tokens: Record<string, string>;
const P1 = encodeURIComponent('patient:p1');

async function history(token: string | undefined, path: string) {
	const res = await fetch(`${server.url}/api/history/${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
	return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
	server = await startTestServer();
	tokens = await seedConsultTeams(server);
	await seedHistory(server.app.storage.database('team-pflege-a'));
});
afterAll(() => server.close());

describe('the history endpoint refuses', () => {
	it('a request without a session (401)', async () => {
		expect(await history(undefined, `team-pflege-a/${P1}`)).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
	});

	it("a member of another team reading this team's patient (403)", async () => {
		const res = await history(tokens.fern, `team-pflege-a/${P1}`);
		expect(res).toMatchObject({ status: 403, body: { error: 'forbidden' } });
		expect(res.body.docs).toBeUndefined();
	});

	it('a physician, who reads records only through an accepted consult (403)', async () => {
		expect(await history(tokens['dr.berg'], `team-pflege-a/${P1}`)).toMatchObject({ status: 403, body: { error: 'forbidden' } });
	});

	it('a database that is no team database (404)', async () => {
		expect(await history(tokens.anna, `_users/${P1}`)).toMatchObject({ status: 404, body: { error: 'not_found' } });
	});

	it('a `before` that is not an ISO instant (400)', async () => {
		for (const before of ['yesterday', '2026-13-45T99:00:00Z', '1e9', '2026-01-01']) {
			expect(await history(tokens.anna, `team-pflege-a/${P1}?before=${encodeURIComponent(before)}`)).toMatchObject({ status: 400, body: { error: 'bad_request' } });
		}
	});

	it('a `limit` that is not a positive integer (400)', async () => {
		for (const limit of ['-1', '0', 'ten', '1.5', '{"$gt":0}']) {
			expect(await history(tokens.anna, `team-pflege-a/${P1}?limit=${encodeURIComponent(limit)}`)).toMatchObject({ status: 400, body: { error: 'bad_request' } });
		}
	});

	it('`types` other than observation and note (400)', async () => {
		for (const types of ['patient', 'observation,consult', '', 'observation,observation,note', 'observation,note,note']) {
			expect(await history(tokens.anna, `team-pflege-a/${P1}?types=${encodeURIComponent(types)}`)).toMatchObject({ status: 400, body: { error: 'bad_request' } });
		}
	});

	it('a patientId that is not a patient id, e.g. a selector or another type (400)', async () => {
		for (const id of ['p1', 'mission:m1', '{"$gt":null}', 'patient:', 'patient:p1:x']) {
			expect(await history(tokens.anna, `team-pflege-a/${encodeURIComponent(id)}`)).toMatchObject({ status: 400, body: { error: 'bad_request' } });
		}
	});
});

describe('`_find` and `_index` of a team database refuse', () => {
	it("a team member's query (403): Mango is the server admin's", async () => {
		for (const path of ['_find', '_index']) {
			const res = await fetch(`${server.url}/db/team-pflege-a/${path}`, {
				method: 'POST',
				headers: { authorization: `Bearer ${tokens.anna}`, 'content-type': 'application/json' },
				body: JSON.stringify(path === '_find' ? { selector: { type: 'observation' } } : { index: { fields: ['type'] } })
			});
			expect(res.status).toBe(403);
			expect(await res.json()).toMatchObject({ error: 'forbidden' });
		}
	});

	it('an anonymous query (401)', async () => {
		const res = await fetch(`${server.url}/db/team-pflege-a/_find`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ selector: {} }) });
		expect(res.status).toBe(401);
	});
});
