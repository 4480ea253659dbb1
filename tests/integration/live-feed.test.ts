// GET /api/live: the dispatcher console's Server-Sent Events stream over all of a user's team
// databases — who may open it, what it carries, how it resumes, and how it ends.
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PRIVATE_DB } from '../../sync-server/src/accounts.ts';
import { testObservation } from '../support/documents.ts';
import { SseClient } from '../support/sse-client.ts';
import { login, seedTwoTeams, startTestServer, startTwoTeamServer, TEST_PASSWORD, type TestServer } from '../support/test-server.ts';

const DB_A = 'team-pflege-a';
const DB_B = 'team-pflege-b';

let server: TestServer;
const tokens: Record<string, string> = {};
const clients: SseClient[] = [];

const bearer = (user: string) => ({ authorization: `Bearer ${tokens[user]}` });
const decodeId = (id: string | undefined) => JSON.parse(Buffer.from(id ?? '', 'base64url').toString()) as Record<string, number>;

async function openLive(user: string, query = '', headers: Record<string, string> = {}): Promise<SseClient> {
	const client = await SseClient.open(`${server.url}/api/live${query}`, { ...bearer(user), ...headers });
	clients.push(client);
	return client;
}

/** A write through the CouchDB API, as a field device's replication sends it. */
async function writeAs(user: string, db: string, key: string): Promise<number> {
	const res = await fetch(`${server.url}/db/${db}/_bulk_docs`, {
		method: 'POST',
		headers: { ...bearer(user), 'content-type': 'application/json' },
		body: JSON.stringify({ docs: [testObservation(key, user)] })
	});
	expect(res.status).toBe(201);
	expect(await res.json()).toMatchObject([{ ok: true, id: `observation:${key}` }]);
	return performance.now();
}

beforeAll(async () => {
	server = await startTwoTeamServer();
	await server.app.accounts.createUser({ username: 'nurse.a2', displayName: 'Nurse A2', role: 'nurse', teams: ['pflege-a'], password: TEST_PASSWORD });
	for (const user of ['nurse.a', 'nurse.a2', 'nurse.b', 'admin']) tokens[user] = await login(server.url, user);
});
afterEach(() => {
	for (const client of clients.splice(0)) client.close();
});
afterAll(() => server.close());

describe('GET /api/live access', () => {
	it('without a session: 401 unauthorized', async () => {
		const res = await fetch(`${server.url}/api/live`);
		expect(res.status).toBe(401);
		expect(await res.json()).toMatchObject({ error: 'unauthorized' });
	});

	it('an admin holds no team data: 403 forbidden', async () => {
		const res = await fetch(`${server.url}/api/live`, { headers: bearer('admin') });
		expect(res.status).toBe(403);
		expect(await res.json()).toMatchObject({ error: 'forbidden' });
	});

	it('a malformed since: 400 bad_request', async () => {
		const res = await fetch(`${server.url}/api/live?since=not-json`, { headers: bearer('nurse.a') });
		expect(res.status).toBe(400);
		expect(await res.json()).toMatchObject({ error: 'bad_request' });
	});

	it('the 9th concurrent stream of one user: 429 too_many_requests; closing one frees a slot', async () => {
		const open: SseClient[] = [];
		for (let i = 0; i < 8; i++) {
			const client = await openLive('nurse.b');
			await client.waitFor((e) => e.event === 'ready');
			open.push(client);
		}
		const ninth = await fetch(`${server.url}/api/live`, { headers: bearer('nurse.b') });
		expect(ninth.status).toBe(429);
		expect(await ninth.json()).toMatchObject({ error: 'too_many_requests' });
		// Another user is not affected by nurse.b's streams.
		await (await openLive('nurse.a')).waitFor((e) => e.event === 'ready');

		open[0].close();
		await new Promise((resolve) => setTimeout(resolve, 200));
		const again = await openLive('nurse.b');
		await again.waitFor((e) => e.event === 'ready');
	});
});

describe('GET /api/live events', () => {
	it('ready: lists exactly her databases with their update sequence, and an id to resume from', async () => {
		const client = await openLive('nurse.a');
		const ready = await client.waitFor((e) => e.event === 'ready');
		const seqA = (await server.app.storage.database(DB_A).info()).update_seq;
		expect(JSON.parse(ready.data)).toEqual({ seqs: { [DB_A]: seqA } });
		expect(decodeId(ready.id)).toEqual({ [DB_A]: seqA });
	});

	it('a change synced by another device of team A reaches her within 1 s with its document; team B never', async () => {
		const nurseA = await openLive('nurse.a');
		const nurseB = await openLive('nurse.b');
		await nurseA.waitFor((e) => e.event === 'ready');
		await nurseB.waitFor((e) => e.event === 'ready');

		await writeAs('nurse.b', DB_B, 'only-b');
		await nurseB.waitFor((e) => e.data.includes('observation:only-b'), 1000, 'team B change on B');

		const started = performance.now();
		await writeAs('nurse.a2', DB_A, 'from-a2');
		const event = await nurseA.waitFor((e) => e.event === 'change' && e.data.includes('observation:from-a2'), 1000, 'team A change');
		expect(performance.now() - started).toBeLessThan(1000);
		const change = JSON.parse(event.data);
		expect(change).toMatchObject({ db: DB_A, id: 'observation:from-a2', doc: { _id: 'observation:from-a2', createdBy: 'nurse.a2', type: 'observation' } });
		expect(change.deleted).toBeUndefined();
		expect(decodeId(event.id)).toEqual({ [DB_A]: change.seq });

		expect(nurseA.changes().map((c) => c.db)).toEqual([DB_A]);
		expect(nurseB.changes().map((c) => c.db)).toEqual([DB_B]);
	});

	it('design documents never appear; deletions carry deleted: true', async () => {
		const client = await openLive('nurse.a');
		await client.waitFor((e) => e.event === 'ready');
		const db = server.app.storage.database(DB_A);
		await db.put({ _id: '_design/secret', views: {} });
		const put = await db.put(testObservation('to-delete', 'nurse.a') as never);
		// A feed reports a document's latest revision only: let the creation arrive first.
		await client.waitFor((e) => e.data.includes('observation:to-delete'), 1000);
		await db.remove('observation:to-delete', put.rev);
		await client.until(() => client.changes().some((c) => c.deleted), 2000, 'deletion');
		const changes = client.changes();
		expect(changes.map((c) => c.id)).toEqual(['observation:to-delete', 'observation:to-delete']);
		expect(changes[1]).toMatchObject({ deleted: true, doc: { _id: 'observation:to-delete', _deleted: true } });
	});

	it('since (and Last-Event-ID) resumes without losing a change written while disconnected', async () => {
		const first = await openLive('nurse.a');
		await first.waitFor((e) => e.event === 'ready');
		await writeAs('nurse.a2', DB_A, 'resume-1');
		const seen = await first.waitFor((e) => e.data.includes('observation:resume-1'), 1000);
		first.close();

		await writeAs('nurse.a2', DB_A, 'resume-2');
		await writeAs('nurse.a2', DB_A, 'resume-3');
		const ids = (client: SseClient) => client.changes().map((c) => c.id);

		const bySince = await openLive('nurse.a', `?since=${seen.id}`);
		await bySince.until(() => ids(bySince).length >= 2, 2000, 'two missed changes');
		await writeAs('nurse.a2', DB_A, 'resume-4');
		await bySince.waitFor((e) => e.data.includes('observation:resume-4'), 1000);
		expect(ids(bySince)).toEqual(['observation:resume-2', 'observation:resume-3', 'observation:resume-4']);
		const ready = await bySince.waitFor((e) => e.event === 'ready');
		expect(decodeId(ready.id)).toEqual(decodeId(seen.id));

		// An EventSource reconnecting sends the last id it saw as Last-Event-ID; it wins over since.
		const byHeader = await openLive('nurse.a', '?since=' + Buffer.from(JSON.stringify({ [DB_A]: 0 })).toString('base64url'), { 'last-event-id': seen.id! });
		await byHeader.until(() => ids(byHeader).length >= 3, 2000, 'three changes');
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(ids(byHeader)).toEqual(['observation:resume-2', 'observation:resume-3', 'observation:resume-4']);
	});

	it('heartbeat: a comment at the requested interval', async () => {
		const client = await openLive('nurse.a', '?heartbeat=100');
		await client.waitFor((e) => e.event === 'ready');
		await client.until(() => client.comments >= 3, 1500, 'three heartbeats');
	});

	it('a console that reads nothing is dropped with a final overflow event; others get every change', async () => {
		const healthy = await openLive('nurse.a');
		await healthy.waitFor((e) => e.event === 'ready');
		const url = new URL(server.url);
		const socket = connect(Number(url.port), url.hostname);
		let raw = '';
		socket.on('data', (chunk) => (raw += chunk.toString()));
		const closed = new Promise((resolve) => socket.on('close', resolve));
		socket.write(`GET /api/live HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${tokens['nurse.a']}\r\n\r\n`);
		await expect.poll(() => raw, { timeout: 2000 }).toContain('event: ready');
		socket.pause();

		// 60 × 256 KiB: more than loopback's socket buffers hold, so the server's own backlog grows.
		const padding = 'x'.repeat(256 * 1024);
		const db = server.app.storage.database(DB_A);
		for (let i = 0; i < 60; i++) await db.put({ ...testObservation(`bulky-${i}`, 'nurse.a'), padding } as never);
		await healthy.until(() => healthy.changes().filter((c) => c.id.startsWith('observation:bulky-')).length === 60, 15_000, 'all bulky changes');

		socket.resume();
		await Promise.race([closed, new Promise((_, reject) => setTimeout(() => reject(new Error('the server kept the stalled socket open')), 10_000))]);
		expect(raw).toContain('event: overflow');
		expect(raw.split('event: change').length - 1).toBeLessThan(60);
	});
});

describe('GET /api/live ends', () => {
	it('when the session expires: event expired, then the stream closes', async () => {
		const token = await login(server.url, 'nurse.a');
		const client = await SseClient.open(`${server.url}/api/live?heartbeat=100`, { authorization: `Bearer ${token}` });
		clients.push(client);
		await client.waitFor((e) => e.event === 'ready');
		const privateDb = server.app.storage.database(PRIVATE_DB);
		const id = `session:${createHash('sha256').update(token).digest('hex')}`;
		await privateDb.put({ ...(await privateDb.get(id)), expiresAt: Date.now() - 1000 });
		// The session lookup is cached for 5 s (accounts.ts), then the next heartbeat sees the expiry.
		const expired = await client.waitFor((e) => e.event === 'expired', 7000, 'expired event');
		expect(JSON.parse(expired.data)).toEqual({ reason: 'session-ended' });
		await client.until(() => client.ended, 1000, 'end of stream');
	});

	it('when the user logs out: event expired at the next heartbeat', async () => {
		const token = await login(server.url, 'nurse.a');
		const client = await SseClient.open(`${server.url}/api/live?heartbeat=100`, { authorization: `Bearer ${token}` });
		clients.push(client);
		await client.waitFor((e) => e.event === 'ready');
		await fetch(`${server.url}/api/session`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
		await client.waitFor((e) => e.event === 'expired', 1000, 'expired event');
		await client.until(() => client.ended, 1000, 'end of stream');
	});

	it('on server shutdown: event shutdown, the stream closes and the server stops promptly', async () => {
		const own = await startTestServer();
		await seedTwoTeams(own.app);
		const client = await SseClient.open(`${own.url}/api/live`, { authorization: `Bearer ${await login(own.url, 'nurse.a')}` });
		await client.waitFor((e) => e.event === 'ready');
		const started = performance.now();
		await own.close();
		expect(performance.now() - started).toBeLessThan(3000);
		await client.waitFor((e) => e.event === 'shutdown', 1000, 'shutdown event');
		await client.until(() => client.ended, 1000, 'end of stream');
	});
});
