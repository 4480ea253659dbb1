// POST/GET/DELETE /api/session against a real server: cookie flags, bearer tokens, no user
// enumeration, the failed-login limit, and sessions that end on logout, disable and new password.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, seedTwoTeams, startTestServer, TEST_PASSWORD, type TestServer } from '../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
	server = await startTestServer();
	await seedTwoTeams(server.app);
});
afterAll(() => server.close());

interface Answer {
	status: number;
	headers: Headers;
	body: Record<string, unknown>;
}

async function answer(res: Response): Promise<Answer> {
	return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

async function signIn(url: string, body: unknown, contentType = 'application/json'): Promise<Answer> {
	const payload = typeof body === 'string' ? body : JSON.stringify(body);
	return answer(await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': contentType }, body: payload }));
}

async function whoAmI(headers: Record<string, string>): Promise<Answer> {
	return answer(await fetch(`${server.url}/api/session`, { headers }));
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const couchError = (error: string) => ({ error, reason: expect.any(String) });

/** A fresh nurse of team pflege-a, so tests that change accounts do not touch each other. */
async function freshNurse(username: string): Promise<string> {
	await server.app.accounts.createUser({ username, displayName: username, role: 'nurse', teams: ['pflege-a'], password: TEST_PASSWORD });
	return login(server.url, username);
}

describe('POST /api/session', () => {
	it('right password → 200 with the user and an HttpOnly, SameSite=Strict session cookie; no token', async () => {
		const res = await signIn(server.url, { username: 'nurse.a', password: TEST_PASSWORD });
		expect(res.status).toBe(200);
		expect(res.body.user).toEqual({
			username: 'nurse.a',
			displayName: 'Nurse A',
			role: 'nurse',
			teams: [{ id: 'pflege-a', name: 'Pflege A', kind: 'nursing', region: 'test' }],
			databases: ['team-pflege-a']
		});
		expect(res.body).not.toHaveProperty('token');
		expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|correct-horse/);

		const cookies = res.headers.getSetCookie();
		expect(cookies).toHaveLength(1);
		const [pair, ...attributes] = cookies[0].split(';').map((part) => part.trim());
		expect(pair).toMatch(/^fc_session=[A-Za-z0-9_-]{43}$/);
		expect(attributes).toContain('HttpOnly');
		expect(attributes).toContain('SameSite=Strict');
		expect(attributes).toContain('Path=/');
		expect(attributes.some((a) => a.startsWith('Expires='))).toBe(true);
	});

	it('hands out a bearer token only when `bearer: true` is asked for', async () => {
		const without = await signIn(server.url, { username: 'nurse.a', password: TEST_PASSWORD, bearer: false });
		expect(without.status).toBe(200);
		expect(without.body).not.toHaveProperty('token');
		const withToken = await signIn(server.url, { username: 'nurse.a', password: TEST_PASSWORD, bearer: true });
		expect(withToken.status).toBe(200);
		expect(withToken.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
	});

	it('wrong password → 401 unauthorized; an unknown user gets exactly the same answer', async () => {
		const wrong = await signIn(server.url, { username: 'nurse.b', password: 'not-the-password' });
		expect(wrong.status).toBe(401);
		expect(wrong.body).toEqual(couchError('unauthorized'));
		expect(wrong.headers.getSetCookie()).toEqual([]);
		const unknown = await signIn(server.url, { username: 'no.such.user', password: 'not-the-password' });
		expect(unknown.status).toBe(401);
		expect(unknown.body).toEqual(wrong.body);
	});

	it.each([
		['a JSON array', '[1,2]'],
		['a JSON string', '"nurse.a"'],
		['no password', JSON.stringify({ username: 'nurse.a' })],
		['a numeric password', JSON.stringify({ username: 'nurse.a', password: 12345 })],
		['broken JSON', '{"username":']
	])('a login body that is %s → 400 bad_request', async (_label, body) => {
		const res = await signIn(server.url, body);
		expect(res.status).toBe(400);
		expect(res.body).toEqual(couchError('bad_request'));
	});
});

describe('failed-login limit (loginMaxFailures: 3)', () => {
	let limited: TestServer;
	beforeAll(async () => {
		limited = await startTestServer({ loginMaxFailures: 3 });
		await seedTwoTeams(limited.app);
	});
	afterAll(() => limited.close());

	it('3 wrong passwords → 401; the 4th try, even with the right password → 429 with retry-after', async () => {
		for (let i = 0; i < 3; i++) {
			const res = await signIn(limited.url, { username: 'nurse.b', password: `guess-number-${i}` });
			expect(res.status).toBe(401);
			expect(res.body).toEqual(couchError('unauthorized'));
		}
		const blocked = await signIn(limited.url, { username: 'nurse.b', password: TEST_PASSWORD });
		expect(blocked.status).toBe(429);
		expect(blocked.body).toEqual(couchError('too_many_requests'));
		const retryAfter = Number(blocked.headers.get('retry-after'));
		expect(Number.isInteger(retryAfter)).toBe(true);
		expect(retryAfter).toBeGreaterThan(0);
		expect(retryAfter).toBeLessThanOrEqual(300);
		expect(blocked.headers.getSetCookie()).toEqual([]);
	});

	it('another user can still sign in from the same address', async () => {
		const res = await signIn(limited.url, { username: 'nurse.a', password: TEST_PASSWORD });
		expect(res.status).toBe(200);
		expect(res.body.user).toMatchObject({ username: 'nurse.a' });
	});
});

describe('GET /api/session', () => {
	it('knows the user by the session cookie', async () => {
		const res = await signIn(server.url, { username: 'nurse.a', password: TEST_PASSWORD });
		const cookie = res.headers.getSetCookie()[0].split(';')[0];
		const me = await whoAmI({ cookie });
		expect(me.status).toBe(200);
		expect(me.body).toEqual({ ok: true, user: res.body.user });
	});

	it('knows the user by an Authorization: Bearer token', async () => {
		const me = await whoAmI(bearer(await login(server.url, 'nurse.b')));
		expect(me.status).toBe(200);
		expect(me.body.user).toMatchObject({ username: 'nurse.b', role: 'nurse', databases: ['team-pflege-b'] });
	});

	it.each([
		['no credentials', {}],
		['a forged token of the right shape', bearer(randomBytes(32).toString('base64url'))],
		['a forged cookie of the right shape', { cookie: `fc_session=${randomBytes(32).toString('base64url')}` }],
		['a garbage token', bearer('garbage')],
		['a path as token', bearer('../../etc/passwd')],
		['a Basic header', { authorization: `Basic ${Buffer.from(`nurse.a:${TEST_PASSWORD}`).toString('base64')}` }]
	])('%s → 401 unauthorized', async (_label, headers: Record<string, string>) => {
		const me = await whoAmI(headers);
		expect(me.status).toBe(401);
		expect(me.body).toEqual(couchError('unauthorized'));
	});
});

describe('ending sessions', () => {
	it('DELETE /api/session ends the session: the same token is refused afterwards', async () => {
		const token = await login(server.url, 'nurse.b');
		expect((await whoAmI(bearer(token))).status).toBe(200);
		const out = await answer(await fetch(`${server.url}/api/session`, { method: 'DELETE', headers: bearer(token) }));
		expect(out.status).toBe(200);
		expect(out.body).toEqual({ ok: true });
		expect(out.headers.getSetCookie()[0]).toMatch(/^fc_session=;/);
		const after = await whoAmI(bearer(token));
		expect(after.status).toBe(401);
		expect(after.body).toEqual(couchError('unauthorized'));
		const db = await fetch(`${server.url}/db/team-pflege-b`, { headers: bearer(token) });
		expect(db.status).toBe(401);
	});

	it('disabling a user ends their open session and refuses new logins', async () => {
		const token = await freshNurse('nurse.disabled');
		expect((await whoAmI(bearer(token))).status).toBe(200);
		await server.app.accounts.updateUser('nurse.disabled', { disabled: true });
		expect((await whoAmI(bearer(token))).status).toBe(401);
		expect((await fetch(`${server.url}/db/team-pflege-a`, { headers: bearer(token) })).status).toBe(401);
		const again = await signIn(server.url, { username: 'nurse.disabled', password: TEST_PASSWORD });
		expect(again.status).toBe(401);
		expect(again.body).toEqual(couchError('unauthorized'));
	});

	it('a changed password ends open sessions; only the new password works', async () => {
		const token = await freshNurse('nurse.rotated');
		await server.app.accounts.updateUser('nurse.rotated', { password: 'a-brand-new-password' });
		expect((await whoAmI(bearer(token))).status).toBe(401);
		expect((await signIn(server.url, { username: 'nurse.rotated', password: TEST_PASSWORD })).status).toBe(401);
		const fresh = await signIn(server.url, { username: 'nurse.rotated', password: 'a-brand-new-password', bearer: true });
		expect(fresh.status).toBe(200);
		expect((await whoAmI(bearer(String(fresh.body.token)))).status).toBe(200);
	});
});
