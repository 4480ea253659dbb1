// A lost tablet: an admin blocks the device or its user; every /api and /db request of that
// device (or user) is then refused with a 403 that names the block, so the app wipes its data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTwoTeamServer, TEST_PASSWORD, type TestServer } from '../../support/test-server.ts';

let server: TestServer;
let adminToken: string;
const DOC_ID = 'note:device-block-probe';

beforeAll(async () => {
	server = await startTwoTeamServer();
	await server.app.accounts.createUser({ username: 'nurse.c', displayName: 'Nurse C', role: 'nurse', teams: ['pflege-a'], password: TEST_PASSWORD });
	await server.app.storage.database('team-pflege-a').put({ _id: DOC_ID, type: 'note', text: 'probe' });
	adminToken = await login(server.url, 'admin');
});
afterAll(() => server.close());

function call(path: string, token: string | undefined, device: string, init: RequestInit = {}): Promise<Response> {
	const headers = new Headers(init.headers);
	if (token) headers.set('authorization', `Bearer ${token}`);
	headers.set('x-fieldcare-device', device);
	return fetch(`${server.url}${path}`, { ...init, headers });
}

/** The four requests a syncing tablet makes: who am I, a document, a push, the changes feed. */
function tabletRequests(token: string | undefined, device: string): Promise<Response>[] {
	return [
		call('/api/session', token, device),
		call(`/db/team-pflege-a/${encodeURIComponent(DOC_ID)}`, token, device),
		call('/db/team-pflege-a/_bulk_docs', token, device, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ docs: [{ _id: `note:${device}`, type: 'note' }] })
		}),
		call('/db/team-pflege-a/_changes?since=0', token, device)
	];
}

async function reasons(responses: Promise<Response>[]): Promise<string[]> {
	return Promise.all(
		responses.map(async (pending) => {
			const res = await pending;
			const body = (await res.json()) as { error?: string; reason?: string };
			return `${res.status} ${body.error ?? 'ok'} ${res.status === 403 ? body.reason : ''}`.trim();
		})
	);
}

const admin = (path: string, init: RequestInit = {}) =>
	fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json', ...init.headers } });
const setBlocked = (device: string, blocked: boolean, token = adminToken) =>
	fetch(`${server.url}/api/admin/devices/${device}/blocked`, {
		method: 'PUT',
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: JSON.stringify({ blocked })
	});

describe('blocked devices', () => {
	it('refuses a blocked device on /api/session, a document GET, _bulk_docs and _changes with 403 device_blocked', async () => {
		const device = 'dev-lost-tablet-1';
		const token = await login(server.url, 'nurse.a');
		expect((await call('/api/session', token, device)).status).toBe(200);
		const listed = (await (await admin('/api/admin/devices')).json()) as { devices: { id: string; username: string; userAgent: string; lastSeen: string }[] };
		const record = listed.devices.find((d) => d.id === device);
		expect(record).toMatchObject({ id: device, username: 'nurse.a', blocked: false });
		// Who, when, which browser family: nothing else (no patient data, not even the raw user agent).
		expect(Object.keys(record!).sort()).toEqual(['blocked', 'id', 'lastSeen', 'userAgent', 'username']);

		expect((await setBlocked(device, true)).status).toBe(200);
		expect(await reasons(tabletRequests(token, device))).toEqual(Array(4).fill('403 forbidden device_blocked'));
		// Without a session too: the lost tablet cannot sign in again either.
		const relogin = await call('/api/session', undefined, device, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username: 'nurse.a', password: TEST_PASSWORD })
		});
		expect(relogin.status).toBe(403);
		expect(await relogin.json()).toEqual({ error: 'forbidden', reason: 'device_blocked' });
		// The same user on another device works on.
		expect((await call('/api/session', token, 'dev-other-tablet-1')).status).toBe(200);
		// The wiping device may still end its session, which then ends everywhere.
		expect((await call('/api/session', token, device, { method: 'DELETE' })).status).toBe(200);
		expect((await call('/api/session', token, 'dev-other-tablet-1')).status).toBe(401);
	});

	it('lets an unblocked device work again', async () => {
		const device = 'dev-found-again-1';
		const token = await login(server.url, 'nurse.b');
		await call('/api/session', token, device);
		await setBlocked(device, true);
		expect((await call('/api/session', token, device)).status).toBe(403);
		expect((await setBlocked(device, false)).status).toBe(200);
		expect((await call('/api/session', token, device)).status).toBe(200);
		expect((await call('/db/team-pflege-b/_changes?since=0', token, device)).status).toBe(200);
	});

	it('refuses blocking and listing devices to non-admins', async () => {
		const device = 'dev-victim-tablet-1';
		const nurse = await login(server.url, 'nurse.b');
		await call('/api/session', nurse, device);
		const attacker = await login(server.url, 'nurse.a');
		expect((await setBlocked(device, true, attacker)).status).toBe(403);
		expect((await call('/api/admin/devices', attacker, 'dev-attacker-1')).status).toBe(403);
		expect((await fetch(`${server.url}/api/admin/devices`)).status).toBe(401);
		expect((await call('/api/session', nurse, device)).status).toBe(200);
	});

	it('refuses blocking an unknown device with 404 and a malformed body with 400', async () => {
		expect((await setBlocked('dev-never-seen-1', true)).status).toBe(404);
		const bad = await admin('/api/admin/devices/dev-never-seen-1/blocked', { method: 'PUT', body: JSON.stringify({ blocked: 'yes' }) });
		expect(bad.status).toBe(400);
	});
});

describe('blocked users', () => {
	it('refuses a disabled user\'s device on /api/session, a document GET, _bulk_docs and _changes with 403 user_blocked', async () => {
		const device = 'dev-leaver-tablet-1';
		const token = await login(server.url, 'nurse.c');
		expect((await call('/db/team-pflege-a/_changes?since=0', token, device)).status).toBe(200);

		expect((await admin('/api/admin/users/nurse.c', { method: 'PATCH', body: JSON.stringify({ disabled: true }) })).status).toBe(200);
		expect(await reasons(tabletRequests(token, device))).toEqual(Array(4).fill('403 forbidden user_blocked'));
		// Distinguishable from an ended session of an enabled user, which is a plain 401.
		const expired = await call('/api/session', 'A'.repeat(43), 'dev-some-tablet-1');
		expect(expired.status).toBe(401);

		// Another person may sign in on the same tablet; the device then belongs to them.
		const colleague = await call('/api/session', undefined, device, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username: 'nurse.a', password: TEST_PASSWORD, bearer: true })
		});
		expect(colleague.status).toBe(200);
		const colleagueToken = ((await colleague.json()) as { token: string }).token;
		expect((await call('/api/session', colleagueToken, device)).status).toBe(200);

		// Enabled again, the user signs in and works.
		await admin('/api/admin/users/nurse.c', { method: 'PATCH', body: JSON.stringify({ disabled: false }) });
		const again = await login(server.url, 'nurse.c');
		expect((await call('/api/session', again, device)).status).toBe(200);
	});

	it('refuses disabling users to non-admins', async () => {
		const attacker = await login(server.url, 'nurse.a');
		const res = await fetch(`${server.url}/api/admin/users/nurse.b`, {
			method: 'PATCH',
			headers: { authorization: `Bearer ${attacker}`, 'content-type': 'application/json' },
			body: JSON.stringify({ disabled: true })
		});
		expect(res.status).toBe(403);
	});
});
