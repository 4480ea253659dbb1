// Issue 11, item 6: the sign-in limit holds whatever the letter case of the name, counts the
// failures of one address across all names, and guards the SERVER_ADMIN Basic login too.
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../../sync-server/src/config.ts';
import { seedTwoTeams, startTestServer, TEST_PASSWORD, type TestServer } from '../../support/test-server.ts';

const SERVER_ADMIN = { name: 'gateway', password: 'a-long-server-admin-secret' };
const PER_NAME = 3;
const PER_ADDRESS = 20;

// Every request of a test comes from 127.0.0.1: each test gets a server (and counters) of its own.
const servers: TestServer[] = [];
afterEach(async () => {
	for (const server of servers.splice(0)) await server.close();
});

async function serverWith(overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
	const server = await startTestServer({ loginMaxFailures: PER_NAME, loginMaxFailuresPerAddress: PER_ADDRESS, ...overrides });
	servers.push(server);
	await seedTwoTeams(server.app);
	await server.app.accounts.createUser({ username: 'rtw1', displayName: 'RTW 1', role: 'nurse', teams: ['pflege-a'], password: TEST_PASSWORD });
	return server;
}

async function signIn(server: TestServer, username: string, password: string): Promise<Response> {
	return fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
}

async function expectLocked(res: Response): Promise<void> {
	expect(res.status).toBe(429);
	expect(await res.json()).toEqual({ error: 'too_many_requests', reason: expect.any(String) });
	expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
}

const basic = (name: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}` });

describe('the sign-in limit per user name', () => {
	it('refuses "RTW1" (and " Rtw1 ") once "rtw1" is locked: the limit keys on the normalised name', async () => {
		const server = await serverWith();
		for (let i = 0; i < PER_NAME; i++) expect((await signIn(server, 'rtw1', `guess-${i}`)).status).toBe(401);
		await expectLocked(await signIn(server, 'RTW1', TEST_PASSWORD));
		await expectLocked(await signIn(server, ' Rtw1 ', TEST_PASSWORD));
		await expectLocked(await signIn(server, 'rtw1', TEST_PASSWORD));
	});

	it('counts failures typed in any letter case against the same name', async () => {
		const server = await serverWith();
		for (const typed of ['RTW1', 'Rtw1', 'rTw1 ']) expect((await signIn(server, typed, 'wrong-guess')).status).toBe(401);
		await expectLocked(await signIn(server, 'rtw1', TEST_PASSWORD));
	});
});

describe('the sign-in limit per address', () => {
	it(`refuses sign-in number ${PER_ADDRESS + 1} from one address that guessed across ${PER_ADDRESS} names, even with the right password`, async () => {
		const server = await serverWith();
		for (let i = 0; i < PER_ADDRESS; i++) expect((await signIn(server, `user-${i}`, 'Sommer2026!')).status).toBe(401);
		await expectLocked(await signIn(server, 'nurse.a', TEST_PASSWORD));
		await expectLocked(await signIn(server, 'someone-new', 'Sommer2026!'));
	});

	it('refuses to let one successful sign-in reset the address counter of the other names', async () => {
		const server = await serverWith();
		for (let i = 0; i < PER_ADDRESS - 1; i++) expect((await signIn(server, `user-${i}`, 'Sommer2026!')).status).toBe(401);
		expect((await signIn(server, 'nurse.a', TEST_PASSWORD)).status).toBe(200);
		expect((await signIn(server, 'user-last', 'Sommer2026!')).status).toBe(401);
		await expectLocked(await signIn(server, 'nurse.b', TEST_PASSWORD));
	});
});

describe('the address behind a proxy', () => {
	const signInFrom = (server: TestServer, forwardedFor: string, username: string, password: string) =>
		fetch(`${server.url}/api/session`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
			body: JSON.stringify({ username, password })
		});

	it('refuses to let a forged X-Forwarded-For evade the per-address limit (no proxy is trusted by default)', async () => {
		const server = await serverWith();
		for (let i = 0; i < PER_ADDRESS; i++) expect((await signInFrom(server, `198.51.100.${i}`, `user-${i}`, 'Sommer2026!')).status).toBe(401);
		await expectLocked(await signInFrom(server, '198.51.100.250', 'nurse.a', TEST_PASSWORD));
	});

	it('counts the clients of a trusted proxy (TRUST_PROXY=loopback) apart, not the proxy as one address', async () => {
		const server = await serverWith({ trustProxy: 'loopback' });
		for (let i = 0; i < PER_ADDRESS; i++) expect((await signInFrom(server, '198.51.100.7', `user-${i}`, 'Sommer2026!')).status).toBe(401);
		await expectLocked(await signInFrom(server, '198.51.100.7', 'nurse.a', TEST_PASSWORD));
		// Another client behind the same proxy: its own address, its own count.
		expect((await signInFrom(server, '203.0.113.9', 'nurse.a', TEST_PASSWORD)).status).toBe(200);
	});
});

describe('the SERVER_ADMIN Basic login', () => {
	it(`refuses the right password with 429 after ${PER_ADDRESS} failed Basic attempts from one address`, async () => {
		const server = await serverWith({ serverAdmin: SERVER_ADMIN });
		const dbUrl = `${server.url}/db/team-pflege-a`;
		expect((await fetch(dbUrl, { headers: basic(SERVER_ADMIN.name, SERVER_ADMIN.password) })).status).toBe(200);
		for (let i = 0; i < PER_ADDRESS; i++) {
			expect((await fetch(dbUrl, { headers: basic(SERVER_ADMIN.name, `guess-${i}-of-the-admin-password`) })).status).toBe(401);
		}
		await expectLocked(await fetch(dbUrl, { headers: basic(SERVER_ADMIN.name, SERVER_ADMIN.password) }));
		await expectLocked(await fetch(dbUrl, { headers: basic('admin', 'another-guess') }));
	});
});
