// GET /api/teams/<id>/members and the map services told at sign-in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTwoTeamServer, TEST_PASSWORD, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let nurseA: string;

beforeAll(async () => {
	server = await startTwoTeamServer({
		services: { tileUrl: 'http://127.0.0.1:1/{z}/{x}/{y}.png', tileAttribution: 'Test tiles', routingUrl: 'http://127.0.0.1:2' }
	});
	await server.app.accounts.createUser({ username: 'nurse.a2', displayName: 'Nurse A2', role: 'nurse', teams: ['pflege-a'], password: TEST_PASSWORD });
	nurseA = await login(server.url, 'nurse.a');
});
afterAll(() => server.close());

const get = (path: string, token?: string) => fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('GET /api/teams/<id>/members', () => {
	it('lists the members of the caller’s own team, names and roles only', async () => {
		const res = await get('/api/teams/pflege-a/members', nurseA);
		expect(res.status).toBe(200);
		const { members } = (await res.json()) as { members: Record<string, unknown>[] };
		expect(members.map((m) => m.username).sort()).toEqual(['nurse.a', 'nurse.a2']);
		expect(Object.keys(members[0]).sort()).toEqual(['displayName', 'role', 'username']);
	});
	it('refuses another team’s list (403) and anonymous callers (401)', async () => {
		const other = await get('/api/teams/pflege-b/members', nurseA);
		expect(other.status).toBe(403);
		expect(await other.json()).toMatchObject({ error: 'forbidden' });
		expect((await get('/api/teams/pflege-a/members')).status).toBe(401);
	});
});

describe('map services at sign-in', () => {
	it('GET /api/session tells the configured tile and routing servers', async () => {
		const body = (await (await get('/api/session', nurseA)).json()) as { services: Record<string, unknown> };
		expect(body.services).toMatchObject({ tileUrl: 'http://127.0.0.1:1/{z}/{x}/{y}.png', tileAttribution: 'Test tiles', routingUrl: 'http://127.0.0.1:2' });
	});
});

describe('a dispatcher’s region', () => {
	it('holds the teams of one region only', async () => {
		await server.app.accounts.saveTeam({ id: 'rw-elsewhere', name: 'RW Elsewhere', kind: 'ambulance', region: 'elsewhere' });
		await expect(
			server.app.accounts.createUser({ username: 'ls.two', displayName: 'LS', role: 'dispatcher', teams: ['pflege-a', 'rw-elsewhere'], password: TEST_PASSWORD })
		).rejects.toThrow(/one region/);
		await server.app.accounts.createUser({ username: 'ls.one', displayName: 'LS', role: 'dispatcher', teams: ['pflege-a', 'pflege-b'], password: TEST_PASSWORD });
		const token = await login(server.url, 'ls.one');
		const body = (await (await get('/api/session', token)).json()) as { user: { databases: string[] } };
		expect(body.user.databases.sort()).toEqual(['team-pflege-a', 'team-pflege-b']);
	});
});
