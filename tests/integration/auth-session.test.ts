// POST/GET/DELETE /api/session: sign-in, the session cookie, bearer tokens, the rate limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTwoTeamServer, TEST_PASSWORD, type TestServer } from '../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
	server = await startTwoTeamServer({ loginMaxFailures: 3 });
});
afterAll(() => server.close());

async function post(body: unknown, contentType = 'application/json') {
	const res = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) });
	return { res, body: (await res.json()) as Record<string, unknown> };
}
const me = (headers: Record<string, string>) => fetch(`${server.url}/api/session`, { headers });

describe('POST /api/session', () => {
	it('signs in with the right password: an HttpOnly SameSite=Strict cookie and the user, no token', async () => {
		const { res, body } = await post({ username: 'nurse.a', password: TEST_PASSWORD });
		expect(res.status).toBe(200);
		expect(body.user).toMatchObject({ username: 'nurse.a', role: 'nurse', databases: ['team-pflege-a'], teams: [{ id: 'pflege-a' }] });
		expect(body).not.toHaveProperty('token');
		const cookie = res.headers.get('set-cookie') ?? '';
		expect(cookie).toMatch(/^fc_session=[A-Za-z0-9_-]{43};/);
		expect(cookie).toContain('HttpOnly');
		expect(cookie).toContain('SameSite=Strict');
		expect(cookie).toContain('Path=/');
		expect(JSON.stringify(body)).not.toContain('passwordHash');
	});

	it('gives a bearer token to scripts that ask for one', async () => {
		const { body } = await post({ username: 'nurse.a', password: TEST_PASSWORD, bearer: true });
		expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect((await me({ authorization: `Bearer ${body.token}` })).status).toBe(200);
	});

	it('answers a wrong password and an unknown user alike with 401', async () => {
		const wrong = await post({ username: 'nurse.b', password: 'not-the-password' });
		const unknown = await post({ username: 'nobody', password: 'not-the-password' });
		expect(wrong.res.status).toBe(401);
		expect(unknown.res.status).toBe(401);
		expect(wrong.body).toEqual({ error: 'unauthorized', reason: expect.any(String) });
		expect(unknown.body).toEqual(wrong.body);
	});

	it('limits failed sign-ins: after 3 failures even the right password waits, other users do not', async () => {
		for (let i = 0; i < 3; i++) expect((await post({ username: 'admin', password: `guess-${i}` })).res.status).toBe(401);
		const blocked = await post({ username: 'admin', password: TEST_PASSWORD });
		expect(blocked.res.status).toBe(429);
		expect(blocked.body).toMatchObject({ error: 'too_many_requests' });
		expect(Number(blocked.res.headers.get('retry-after'))).toBeGreaterThan(0);
		expect((await post({ username: 'nurse.a', password: TEST_PASSWORD })).res.status).toBe(200);
	});

	it('refuses a body that is not a sign-in with 400', async () => {
		expect((await post({ username: 'nurse.a' })).res.status).toBe(400);
		expect((await post([1, 2])).res.status).toBe(400);
		expect((await post('{"username":')).res.status).toBe(400);
	});
});

describe('GET and DELETE /api/session', () => {
	it('knows the user by cookie and by bearer token; refuses forged and garbage tokens', async () => {
		const { res } = await post({ username: 'nurse.a', password: TEST_PASSWORD });
		const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
		expect(await (await me({ cookie })).json()).toMatchObject({ user: { username: 'nurse.a' } });
		const forged = 'A'.repeat(43);
		expect((await me({ authorization: `Bearer ${forged}` })).status).toBe(401);
		expect((await me({ cookie: `fc_session=${forged}` })).status).toBe(401);
		expect((await me({ authorization: 'Bearer ../../etc/passwd' })).status).toBe(401);
		expect((await me({})).status).toBe(401);
	});

	it('signing out ends the session for good', async () => {
		const token = await login(server.url, 'nurse.b');
		const out = await fetch(`${server.url}/api/session`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
		expect(out.status).toBe(200);
		expect((await me({ authorization: `Bearer ${token}` })).status).toBe(401);
	});

	it('a disabled account and a changed password end open sessions', async () => {
		const first = await login(server.url, 'nurse.b');
		await server.app.accounts.updateUser('nurse.b', { password: 'a-brand-new-password' });
		expect((await me({ authorization: `Bearer ${first}` })).status).toBe(401);
		const second = await login(server.url, 'nurse.b', 'a-brand-new-password');
		await server.app.accounts.updateUser('nurse.b', { disabled: true });
		expect((await me({ authorization: `Bearer ${second}` })).status).toBe(401);
		expect((await post({ username: 'nurse.b', password: 'a-brand-new-password' })).res.status).toBe(401);
	});
});
