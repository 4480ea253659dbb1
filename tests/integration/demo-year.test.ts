// The generated demo year (issue 12) on a real server: a week of it written through the server as
// its authors (the dispatcher plans, nurses document, crews press their status) is stored without
// a refusal and is the same, revision for revision, as what `npm run demo -- --year` loads into
// storage directly (LevelDB, and CouchDB through COUCHDB_URL); the demo nurse and a crew then
// replicate it with stock PouchDB.
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION, localIsoDate, teamDbName } from '../../src/lib/domain/index.ts';
import { DEMO_PASSWORD } from '../../sync-server/src/demo/demo-data.ts';
import { seedDemo } from '../../sync-server/src/demo/seed.ts';
import { demoPatients, replicatedRevision, seedDemoYear } from '../../sync-server/src/demo/year-load.ts';
import { AMBULANCE_TEAM, generateYearEntries, NURSING_TEAM, type YearEntry } from '../../sync-server/src/demo/year.ts';
import { login, remoteDb, startTestServer, type TestServer } from '../support/test-server.ts';

PouchDB.plugin(memoryAdapter);

const DAYS = 7;
const SEED = 11;
/** Documents per `_bulk_docs` through the server: well inside its body limit with signatures. */
const HTTP_BATCH = 400;

const today = localIsoDate(new Date());
const now = new Date();
const UPSTREAM_ADMIN = { name: 'gateway', password: 'upstream-secret-0123456789' };
let loaded: TestServer;
let written: TestServer;
/** A FieldCare server as CouchDB (SERVER_ADMIN), and a gateway on it with COUCHDB_URL storage. */
let upstream: TestServer;
let gateway: TestServer;
let entries: YearEntry[];
const refusals: unknown[] = [];

/** Every revision through `_bulk_docs` with `new_edits:false`, as its author, oldest revisions first. */
async function writeAsAuthors(server: TestServer): Promise<void> {
	const tokens = new Map<string, string>();
	const tokenOf = async (username: string) => {
		if (!tokens.has(username)) tokens.set(username, await login(server.url, username, DEMO_PASSWORD));
		return tokens.get(username)!;
	};
	const generations = Math.max(...entries.map((entry) => entry.revisions.length));
	for (let index = 0; index < generations; index++) {
		const groups = new Map<string, { team: string; by: string; docs: Record<string, unknown>[] }>();
		for (const entry of entries) {
			const revision = entry.revisions[index];
			if (!revision) continue;
			const key = `${entry.teamId} ${revision.by}`;
			const group = groups.get(key) ?? { team: entry.teamId, by: revision.by, docs: [] };
			group.docs.push(replicatedRevision(entry, index));
			groups.set(key, group);
		}
		for (const { team, by, docs } of groups.values()) {
			for (let i = 0; i < docs.length; i += HTTP_BATCH) {
				const res = await fetch(`${server.url}/db/${teamDbName(team)}/_bulk_docs`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenOf(by)}` },
					body: JSON.stringify({ docs: docs.slice(i, i + HTTP_BATCH), new_edits: false })
				});
				expect(res.status).toBe(201);
				refusals.push(...((await res.json()) as unknown[]));
			}
		}
	}
}

async function pull(server: TestServer, username: string, team: string) {
	const local = new PouchDB(`year-${username}-${Math.random()}`, { adapter: 'memory' });
	const token = await login(server.url, username, DEMO_PASSWORD);
	const result = await local.sync(remoteDb(server.url, teamDbName(team), token));
	const rows = (await local.allDocs()).rows.map((row) => `${row.id} ${row.value.rev}`);
	return { result, rows };
}

/** Documents of the team in storage, without the retention window's index design documents. */
async function storedDocs(server: TestServer, team: string): Promise<number> {
	return (await server.app.storage.database(teamDbName(team)).allDocs()).rows.filter((row) => !row.id.startsWith('_design/')).length;
}

beforeAll(async () => {
	entries = generateYearEntries({ seed: SEED, today, days: DAYS, patients: demoPatients(today) });
	loaded = await startTestServer();
	written = await startTestServer();
	await seedDemoYear(loaded.app.accounts, loaded.app.storage, now, { seed: SEED, today, days: DAYS });
	// The same order as the loader: patients, the year by its authors, then the seed's mission of today.
	await seedDemo(written.app.accounts, written.app.storage, now, (doc) => doc.type === 'patient');
	await writeAsAuthors(written);
	await seedDemo(written.app.accounts, written.app.storage, now, (doc) => doc.type !== 'visit' && doc.type !== 'tour');
	upstream = await startTestServer({ serverAdmin: UPSTREAM_ADMIN });
	gateway = await startTestServer({ couchdbUrl: `http://${UPSTREAM_ADMIN.name}:${UPSTREAM_ADMIN.password}@127.0.0.1:${new URL(upstream.url).port}/db` });
	await seedDemoYear(gateway.app.accounts, gateway.app.storage, now, { seed: SEED, today, days: DAYS });
	// The crew's devices hold the whole week here: closed missions and positions of a month (the retention window, issue 12).
	for (const server of [loaded, written, gateway]) await server.app.retention.set(AMBULANCE_TEAM, { ...DEFAULT_RETENTION, missionDays: 30, positionHours: 720 });
}, 300_000);

afterAll(async () => {
	await loaded?.close();
	await written?.close();
	await gateway?.close();
	await upstream?.close();
});

describe('a generated week of the demo organisation', () => {
	it('is stored when written through the server by its authors: no revision refused', () => {
		expect(refusals).toEqual([]);
	});

	it('reaches the demo nurse by replication, the same documents and revisions as the loader stored', async () => {
		const fromLoaded = await pull(loaded, 'schwester.anna', NURSING_TEAM);
		const fromWritten = await pull(written, 'schwester.anna', NURSING_TEAM);
		const seeded = await storedDocs(loaded, NURSING_TEAM);
		const expected = entries.filter((entry) => entry.teamId === NURSING_TEAM).length;
		expect(seeded).toBeGreaterThan(expected);
		for (const { result, rows } of [fromLoaded, fromWritten]) {
			expect(result.pull?.doc_write_failures ?? -1).toBe(0);
			expect(result.push?.doc_write_failures ?? -1).toBe(0);
			expect(rows.length).toBe(seeded);
		}
		expect(fromWritten.rows).toEqual(fromLoaded.rows);
	}, 120_000);

	it('reaches a crew by replication, with every status press and position report', async () => {
		const fromLoaded = await pull(loaded, 'rtw1', AMBULANCE_TEAM);
		const fromWritten = await pull(written, 'rtw1', AMBULANCE_TEAM);
		const generated = entries.filter((entry) => entry.teamId === AMBULANCE_TEAM).length;
		const seeded = await storedDocs(loaded, AMBULANCE_TEAM);
		expect(seeded - generated).toBe(5); // the demo seed's mission of today, its three status documents and its consult request
		for (const { result, rows } of [fromLoaded, fromWritten]) {
			expect(result.pull?.doc_write_failures ?? -1).toBe(0);
			expect(result.push?.doc_write_failures ?? -1).toBe(0);
			expect(rows.length).toBe(seeded);
		}
		expect(fromWritten.rows).toEqual(fromLoaded.rows);
	}, 120_000);

	it('loads a year once: another start, day or seed writes nothing beside it, not even the seed\'s plan of a day the year planned', async () => {
		const count = async (team: string) => (await loaded.app.storage.database(teamDbName(team)).info()).doc_count;
		const before = [await count(NURSING_TEAM), await count(AMBULANCE_TEAM)];
		const again = await seedDemoYear(loaded.app.accounts, loaded.app.storage, now, { seed: SEED + 1, today, days: DAYS });
		expect(again.year).toEqual({ loaded: { seed: SEED, today, days: DAYS } });
		expect([await count(NURSING_TEAM), await count(AMBULANCE_TEAM)]).toEqual(before);
	});

	it('loads the same into COUCHDB_URL storage (a FieldCare upstream as CouchDB), replicated through the gateway', async () => {
		expect(gateway.app.storage.kind).toBe('couchdb');
		for (const [username, team] of [['schwester.anna', NURSING_TEAM], ['rtw1', AMBULANCE_TEAM]] as const) {
			const fromGateway = await pull(gateway, username, team);
			const fromLoaded = await pull(loaded, username, team);
			expect(fromGateway.result.pull?.doc_write_failures ?? -1).toBe(0);
			expect(fromGateway.rows).toEqual(fromLoaded.rows);
		}
	}, 180_000);
});
