// The _changes feeds a client can ask for (normal, longpoll, continuous, eventsource), and
// sequence numbers and checkpoints that stay valid across a server restart.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testObservation } from '../support/documents.ts';
import { login, remoteDb, seedTwoTeams, startTestServer, startTwoTeamServer, type TestServer } from '../support/test-server.ts';

PouchDB.plugin(memoryAdapter);

let server: TestServer;
let token: string;
const DB = 'team-pflege-a';

beforeAll(async () => {
	server = await startTwoTeamServer();
	token = await login(server.url, 'nurse.a');
	await server.app.storage.database(DB).bulkDocs([1, 2, 3].map((i) => testObservation(`feed-${i}`, 'nurse.a')) as never);
});
afterAll(() => server.close());

const auth = () => ({ authorization: `Bearer ${token}` });
const write = (key: string) => server.app.storage.database(DB).put(testObservation(key, 'nurse.a') as never);

/** Reads a streaming response until `done` says enough, then aborts it. */
async function readStream(url: string, done: (text: string) => boolean, init: RequestInit = {}): Promise<string> {
	const controller = new AbortController();
	const res = await fetch(url, { ...init, headers: { ...auth(), ...(init.headers ?? {}) }, signal: controller.signal });
	const reader = res.body!.getReader();
	let text = '';
	while (!done(text)) {
		const { value, done: ended } = await reader.read();
		if (ended) break;
		text += new TextDecoder().decode(value);
	}
	controller.abort();
	return text;
}

describe('_changes feeds', () => {
	it('normal: since, limit, style=all_docs and CouchDB\'s pending count', async () => {
		const res = await fetch(`${server.url}/db/${DB}/_changes?since=1&limit=1&style=all_docs`, { headers: auth() });
		const body = (await res.json()) as { results: { seq: number; id: string }[]; last_seq: number; pending: number };
		expect(body.results).toHaveLength(1);
		expect(body.results[0]).toMatchObject({ seq: 2, id: 'observation:feed-2' });
		expect(body).toMatchObject({ last_seq: 2, pending: 1 });
	});

	it('doc_ids filter (GET with a JSON parameter and POST with a body)', async () => {
		const get = await fetch(`${server.url}/db/${DB}/_changes?filter=_doc_ids&doc_ids=${encodeURIComponent('["observation:feed-3"]')}`, { headers: auth() });
		expect(((await get.json()) as { results: { id: string }[] }).results.map((r) => r.id)).toEqual(['observation:feed-3']);
		const post = await fetch(`${server.url}/db/${DB}/_changes?filter=_doc_ids`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: JSON.stringify({ doc_ids: ['observation:feed-1'] }) });
		expect(((await post.json()) as { results: { id: string }[] }).results.map((r) => r.id)).toEqual(['observation:feed-1']);
	});

	it('longpoll: waits for the next change, then answers at once', async () => {
		const since = (await server.app.storage.database(DB).info()).update_seq;
		const started = Date.now();
		const pending = fetch(`${server.url}/db/${DB}/_changes?feed=longpoll&since=${since}&heartbeat=50`, { headers: auth() }).then((r) => r.text());
		setTimeout(() => void write('longpoll'), 200);
		const text = await pending;
		expect(Date.now() - started).toBeGreaterThanOrEqual(150);
		expect(text.startsWith('\n')).toBe(true); // heartbeats while it waited
		expect(JSON.parse(text)).toMatchObject({ results: [{ id: 'observation:longpoll' }] });
	});

	it('longpoll: answers an empty batch with the same sequence at the timeout', async () => {
		const since = (await server.app.storage.database(DB).info()).update_seq;
		const res = await fetch(`${server.url}/db/${DB}/_changes?feed=longpoll&since=${since}&timeout=100`, { headers: auth() });
		expect(await res.json()).toEqual({ results: [], last_seq: since, pending: 0 });
	});

	it('continuous: one JSON line per change, live', async () => {
		const since = (await server.app.storage.database(DB).info()).update_seq;
		setTimeout(() => void write('continuous-1').then(() => write('continuous-2')), 100);
		const text = await readStream(`${server.url}/db/${DB}/_changes?feed=continuous&since=${since}`, (t) => t.includes('continuous-2'));
		const lines = text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { id: string });
		expect(lines.map((l) => l.id)).toEqual(['observation:continuous-1', 'observation:continuous-2']);
	});

	it('continuous with a limit ends after that many changes with last_seq', async () => {
		const res = await fetch(`${server.url}/db/${DB}/_changes?feed=continuous&since=0&limit=2`, { headers: auth() });
		const lines = (await res.text()).split('\n').filter(Boolean).map((line) => JSON.parse(line));
		expect(lines).toHaveLength(3);
		// A device's first sync is its retention window's snapshot: seqs are its tokens (PROTOCOL.md).
		expect(lines[2]).toEqual({ last_seq: lines[1].seq });
	});

	it('eventsource: Server-Sent Events with the sequence as id', async () => {
		const since = (await server.app.storage.database(DB).info()).update_seq;
		setTimeout(() => void write('sse'), 100);
		const text = await readStream(`${server.url}/db/${DB}/_changes?feed=eventsource&since=${since}`, (t) => t.includes('observation:sse'));
		expect(text).toMatch(/^id: \d+\ndata: \{.*"id":"observation:sse".*\}\n\n/m);
	});
});

describe('across a restart', () => {
	it('sequence numbers stay valid and a replication resumes from its checkpoint', async () => {
		const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldcare-restart-'));
		try {
			let s = await startTestServer({ dataDir });
			await seedTwoTeams(s.app);
			let t = await login(s.url, 'nurse.a');
			await s.app.storage.database(DB).bulkDocs(Array.from({ length: 50 }, (_, i) => testObservation(`r-${i}`, 'nurse.a')) as never);
			const device = new PouchDB(`restart-${Math.random()}`, { adapter: 'memory' });
			expect((await device.replicate.from(remoteDb(s.url, DB, t))).docs_read).toBe(50);
			const seqBefore = (await s.app.storage.database(DB).info()).update_seq;
			await s.app.fastify.close();

			s = await startTestServer({ dataDir, port: 0 });
			t = await login(s.url, 'nurse.a');
			expect((await s.app.storage.database(DB).info()).update_seq).toBe(seqBefore);
			await s.app.storage.database(DB).put(testObservation('after-restart', 'nurse.a') as never);
			const again = await device.replicate.from(remoteDb(s.url, DB, t));
			expect(again.docs_read).toBe(1); // resumed from the checkpoint, not from 0
			// The retention window's token of the storage seq (PROTOCOL.md): `w1.<window>.<seq>`.
			expect(String(again.last_seq)).toMatch(new RegExp(`^w1\\.[0-9a-z]+\\.${Number(seqBefore) + 1}$`));
			await s.app.fastify.close();
		} finally {
			await rm(dataDir, { recursive: true, force: true });
		}
	});
});
