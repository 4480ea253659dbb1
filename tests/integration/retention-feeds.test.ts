// The retention window on the live kinds of `_changes` (issue 12, PROTOCOL.md "Retention window"):
// a stock PouchDB live replication goes on after its windowed first sync and gets what is written
// inside the window, not what is outside; a windowed longpoll ends with the session like any feed;
// a first sync reports "n of m" once counted, beside its pages.
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testObservation, testPatient } from '../support/documents.ts';
import { login, remoteDb, startTwoTeamServer, type TestServer } from '../support/test-server.ts';

PouchDB.plugin(memoryAdapter);

const DB = 'team-pflege-a';
const DAY_MS = 86_400_000;

let server: TestServer;
let token: string;

const observation = (key: string, ageDays: number) => ({ ...testObservation(key, 'nurse.a'), effectiveAt: new Date(Date.now() - ageDays * DAY_MS).toISOString() });
const changes = (query: string, bearer = token) => fetch(`${server.url}/db/${DB}/_changes?${query}`, { headers: { authorization: `Bearer ${bearer}` } });

beforeAll(async () => {
	server = await startTwoTeamServer();
	await server.app.storage.database(DB).bulkDocs([testPatient('p1', 'nurse.a'), ...Array.from({ length: 30 }, (_, i) => observation(`recent-${i}`, 1)), observation('old', 200)]);
	token = await login(server.url, 'nurse.a');
});
afterAll(() => server.close());

describe('windowed live feeds', () => {
	it('a live replication gets a new document inside the window and not one outside it', async () => {
		const local = new PouchDB(`live-${Math.random()}`, { adapter: 'memory' });
		const replication = local.replicate.from(remoteDb(server.url, DB, token), { live: true, batch_size: 10 });
		try {
			await new Promise<void>((resolve) => replication.on('paused', () => resolve()));
			expect((await local.allDocs()).rows).toHaveLength(31);
			await expect(local.get('observation:old')).rejects.toMatchObject({ status: 404 });
			const db = server.app.storage.database(DB);
			await db.put(observation('late-old', 300));
			await db.put(observation('late-new', 0));
			await new Promise<void>((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error('late-new did not arrive')), 20_000);
				replication.on('change', (info) => {
					if (info.docs.some((doc) => doc._id === 'observation:late-new')) {
						clearTimeout(timer);
						resolve();
					}
				});
			});
			await expect(local.get('observation:late-old')).rejects.toMatchObject({ status: 404 });
		} finally {
			replication.cancel();
		}
	}, 60_000);

	it('a windowed longpoll ends with the session: empty results and its own token as last_seq', async () => {
		const own = await login(server.url, 'nurse.a');
		// The snapshot (its first answer is the first screen's, then the rest), to its end: the changes since it began, none yet.
		let first = { results: [] as unknown[], last_seq: '0' };
		do first = (await (await changes(`since=${encodeURIComponent(first.last_seq)}&limit=1000`, own)).json()) as typeof first;
		while (first.results.length > 0);
		expect(first.results).toEqual([]);
		expect(first.last_seq).toMatch(/^w1\.[0-9a-z]+\.\d+$/);
		const waiting = changes(`feed=longpoll&heartbeat=100&since=${encodeURIComponent(first.last_seq)}`, own).then((res) => res.json());
		await new Promise((resolve) => setTimeout(resolve, 300));
		await fetch(`${server.url}/api/session`, { method: 'DELETE', headers: { authorization: `Bearer ${own}` } });
		expect(await waiting).toEqual({ results: [], last_seq: first.last_seq, pending: 0 });
		expect((await changes(`since=${encodeURIComponent(first.last_seq)}`, own)).status).toBe(401);
	});

	it('a first sync says how much is left ("n of m") once counted beside its pages, and carries the count on', async () => {
		// A write outside the window: a new start of the snapshot (counts are kept per start), the same rows.
		await server.app.storage.database(DB).put(observation('older', 250));
		type Page = { results: unknown[]; last_seq: string; pending?: number };
		// The first answer is the first screen's (the patient); the count starts after it.
		const screen = (await (await changes('since=0&limit=10')).json()) as Page;
		expect(screen.results).toHaveLength(1);
		expect(screen.pending).toBeUndefined();
		const page1 = (await (await changes(`since=${encodeURIComponent(screen.last_seq)}&limit=9`)).json()) as Page;
		expect(page1.results).toHaveLength(9);
		const second = async () => (await (await changes(`since=${encodeURIComponent(page1.last_seq)}&limit=10`)).json()) as Page;
		// The count runs beside the pages: the same page asked again carries it once it is done.
		await expect.poll(async () => (await second()).pending, { timeout: 10_000 }).toBeDefined();
		const page2 = await second();
		expect(page2.results).toHaveLength(10);
		// 1 patient + 30 recent observations (+ the live test's late-new), 20 sent.
		expect(page2.pending).toBeGreaterThanOrEqual(11);
		expect(page2.pending).toBeLessThanOrEqual(12);
		const page3 = (await (await changes(`since=${encodeURIComponent(page2.last_seq)}&limit=10`)).json()) as Page;
		expect(page3.pending).toBe((page2.pending ?? 0) - page3.results.length);
	});
});
