// The retention window of the replication feed (issue 12, PROTOCOL.md "Retention window"): a stock
// PouchDB replicating a team database from scratch receives exactly what its window holds (every
// patient and open item, nothing older), resumes an interrupted first sync mid-snapshot, gets
// documents written meanwhile, and a changed window on its next sync; with LevelDB storage and with
// COUCHDB_URL storage (a second FieldCare server as upstream).
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	DEFAULT_RETENTION,
	isInWindow,
	isOpenConsult,
	localIsoDate,
	OPEN_MISSION_STATES,
	teamDbName,
	windowForRole,
	type RetentionSetting,
	type Role
} from '../../src/lib/domain/index.ts';
import { DEMO_PASSWORD } from '../../sync-server/src/demo/demo-data.ts';
import { seedDemoYear } from '../../sync-server/src/demo/year-load.ts';
import { AMBULANCE_TEAM, NURSING_TEAM } from '../../sync-server/src/demo/year.ts';
import { login, remoteDb, startTestServer, type TestServer } from '../support/test-server.ts';

PouchDB.plugin(memoryAdapter);

const SEED = 5;
/** Days of history: more than the finished visits' 30 days, less than a year (kept small for CI). */
const DAYS = 30;
/** A narrower window than the defaults, so that every kind has documents on both sides of it. */
const NARROW: RetentionSetting = { ...DEFAULT_RETENTION, observationDays: 20, noteDays: 25, visitDays: 10, tourDays: 5, missionDays: 3, positionHours: 6, alarmDays: 4 };
const UPSTREAM_ADMIN = { name: 'gateway', password: 'upstream-secret-0123456789' };
const NURSE = 'schwester.anna';
const CREW = 'rtw1';

type Doc = Record<string, unknown> & { _id: string; _rev: string };

const now = new Date();
const today = localIsoDate(now);
/** The servers cut the window at the seed's time: the demo's visits fill the working day, so a real clock moves the window's edge across observations during a run in those hours. */
const fixedClock = { now: () => now.getTime() };

/** What the window of `role` holds of the server's database, by the domain's rule (the test's oracle). */
async function expectedIds(server: TestServer, team: string, role: Role, setting: RetentionSetting): Promise<Set<string>> {
	const docs = (await server.app.storage.database(teamDbName(team)).allDocs({ include_docs: true })).rows.map((row) => row.doc as unknown as Doc);
	const openMissionIds = new Set(docs.filter((doc) => doc.type === 'mission' && (OPEN_MISSION_STATES as readonly unknown[]).includes(doc.state)).map((doc) => doc._id));
	const acknowledgedAlarmIds = new Set(docs.filter((doc) => doc.type === 'alarm' && typeof doc.replaces === 'string').map((doc) => doc.replaces as string));
	// Each unit's newest status document (by time, then id, as the index orders them).
	const newest = new Map<string, Doc>();
	for (const doc of docs) {
		if (doc.type !== 'status') continue;
		const unit = String(doc.unitId);
		const held = newest.get(unit);
		if (!held || String(doc.at) > String(held.at) || (doc.at === held.at && doc._id > held._id)) newest.set(unit, doc);
	}
	const latestStatusIds = new Set([...newest.values()].map((doc) => doc._id));
	const openConsultIds = new Set(docs.filter(isOpenConsult).map((doc) => doc._id));
	const window = windowForRole(setting, role);
	return new Set(docs.filter((doc) => isInWindow(doc, window, now.getTime(), { openMissionIds, acknowledgedAlarmIds, latestStatusIds, openConsultIds })).map((doc) => doc._id));
}

const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();

/** Consults of the nursing team on both sides of the notes' window: closed ones, and an open one asked long ago with its order and answer. */
function consultsOfAge(): Doc[] {
	const base = (type: string, key: string, at: string) => ({ _id: `${type}:window-${key}`, type, schemaVersion: 1, createdAt: at, createdBy: NURSE, deviceId: 'test' });
	const consult = (key: string, days: number, closed: boolean) => ({
		...base('consult', key, daysAgo(days)),
		reason: 'Frage',
		urgency: 'heute',
		requestedAt: daysAgo(days),
		patientId: 'patient:x',
		...(closed ? { closedBy: 'dr.weber', closedAt: daysAgo(days - 1) } : {})
	});
	return [
		consult('open-old', 200, false),
		consult('closed-old', 200, true),
		consult('closed-recent', 3, true),
		{ ...base('order', 'of-open', daysAgo(199)), createdBy: 'dr.weber', consultId: 'consult:window-open-old', kind: 'finding', text: 'Befund' },
		{ ...base('orderResponse', 'of-open', daysAgo(199)), orderId: 'order:window-of-open', consultId: 'consult:window-open-old', outcome: 'done', doneAt: daysAgo(199) },
		{ ...base('order', 'of-closed', daysAgo(199)), createdBy: 'dr.weber', consultId: 'consult:window-closed-old', kind: 'finding', text: 'Befund' }
	] as unknown as Doc[];
}

async function fresh(): Promise<PouchDB.Database> {
	return new PouchDB(`window-${Math.random()}`, { adapter: 'memory' });
}

async function localIds(local: PouchDB.Database): Promise<Set<string>> {
	return new Set((await local.allDocs()).rows.map((row) => row.id));
}

async function setWindow(server: TestServer, team: string, setting: RetentionSetting): Promise<void> {
	await server.app.retention.set(team, setting);
}

function suite(name: string, start: () => Promise<TestServer>, stop: () => Promise<void>) {
	describe(name, () => {
		let server: TestServer;
		let nurseToken: string;
		let crewToken: string;

		beforeAll(async () => {
			server = await start();
			await seedDemoYear(server.app.accounts, server.app.storage, now, { seed: SEED, today, days: DAYS });
			await server.app.storage.database(teamDbName(NURSING_TEAM)).bulkDocs(consultsOfAge());
			await setWindow(server, NURSING_TEAM, NARROW);
			await setWindow(server, AMBULANCE_TEAM, NARROW);
			nurseToken = await login(server.url, NURSE, DEMO_PASSWORD);
			crewToken = await login(server.url, CREW, DEMO_PASSWORD);
		}, 600_000);
		afterAll(stop);

		it('a nurse replicating from scratch receives every patient and open item and her window, nothing older', async () => {
			const local = await fresh();
			const result = await local.replicate.from(remoteDb(server.url, teamDbName(NURSING_TEAM), nurseToken));
			expect(result.doc_write_failures).toBe(0);
			const expected = await expectedIds(server, NURSING_TEAM, 'nurse', NARROW);
			const all = (await server.app.storage.database(teamDbName(NURSING_TEAM)).info()).doc_count;
			// The window leaves most of the history on the server.
			expect(expected.size).toBeLessThan(all * 0.8);
			expect([...(await localIds(local))].sort()).toEqual([...expected].sort());
			const patients = (await local.allDocs({ startkey: 'patient:', endkey: 'patient:\ufff0' })).rows.length;
			expect(patients).toBeGreaterThan(0);
		}, 300_000);

		it('the first answer of a first sync is what the first screen shows, the rest follows', async () => {
			const ask = async (since: string) => {
				const res = await fetch(`${server.url}/db/${teamDbName(NURSING_TEAM)}/_changes?since=${encodeURIComponent(since)}&limit=1000&include_docs=true`, { headers: { authorization: `Bearer ${nurseToken}` } });
				return (await res.json()) as { results: { doc: Doc }[]; last_seq: string };
			};
			const first = await ask('0');
			const utcToday = new Date().toISOString().slice(0, 10);
			const kinds = new Set(first.results.map(({ doc }) => (doc.type === 'patient' ? 'patient' : `${String(doc.type)} ${String(doc.date) >= utcToday ? 'today' : 'past'}`)));
			expect([...kinds].sort()).toEqual(['patient', 'tour today', 'visit today']);
			expect(first.results.length).toBeLessThan(1000);
			expect((await ask(first.last_seq)).results.length).toBeGreaterThan(0);
		}, 300_000);

		it('consults: an open one whatever its age, with its order and answer; closed ones with the notes\' days', async () => {
			const local = await fresh();
			await local.replicate.from(remoteDb(server.url, teamDbName(NURSING_TEAM), nurseToken));
			const held = [...(await localIds(local))].filter((id) => id.includes(':window-')).sort();
			expect(held).toEqual(['consult:window-closed-recent', 'consult:window-open-old', 'order:window-of-open', 'orderResponse:window-of-open']);
		}, 300_000);

		it('a crew receives open missions with all that belongs to them, closed ones of its window, positions of hours', async () => {
			const local = await fresh();
			await local.replicate.from(remoteDb(server.url, teamDbName(AMBULANCE_TEAM), crewToken));
			const expected = await expectedIds(server, AMBULANCE_TEAM, 'paramedic', NARROW);
			expect([...(await localIds(local))].sort()).toEqual([...expected].sort());
			const docs = (await local.allDocs({ include_docs: true })).rows.map((row) => row.doc as unknown as Doc);
			expect(docs.some((doc) => doc.type === 'mission' && (OPEN_MISSION_STATES as readonly unknown[]).includes(doc.state))).toBe(true);
			const oldestPosition = docs.filter((doc) => doc.report === 'position' && doc.missionId === undefined).map((doc) => Date.parse(String(doc.at)));
			for (const at of oldestPosition) expect(at).toBeGreaterThanOrEqual(now.getTime() - NARROW.positionHours * 3_600_000);
		}, 300_000);

		it('the dispatcher\'s console gets a small first picture: open missions, each unit\'s last status, the last hour and day', async () => {
			const local = await fresh();
			await local.replicate.from(remoteDb(server.url, teamDbName(AMBULANCE_TEAM), await login(server.url, 'leitstelle', DEMO_PASSWORD)));
			const expected = await expectedIds(server, AMBULANCE_TEAM, 'dispatcher', NARROW);
			expect([...(await localIds(local))].sort()).toEqual([...expected].sort());
			expect(expected.size).toBeLessThan((await expectedIds(server, AMBULANCE_TEAM, 'paramedic', NARROW)).size);
			const docs = (await local.allDocs({ include_docs: true })).rows.map((row) => row.doc as unknown as Doc);
			for (const unit of ['rtw1', 'rtw2']) expect(docs.some((doc) => doc.type === 'status' && doc.unitId === unit)).toBe(true);
		}, 300_000);

		it('an interrupted first sync resumes mid-snapshot, not from the start', async () => {
			const local = await fresh();
			const remote = remoteDb(server.url, teamDbName(NURSING_TEAM), nurseToken);
			const expected = await expectedIds(server, NURSING_TEAM, 'nurse', NARROW);
			const first = local.replicate.from(remote, { batch_size: 40, batches_limit: 1 });
			await new Promise<void>((resolve) => {
				first.on('change', (info) => {
					if (info.docs_written >= 80) {
						first.cancel();
						resolve();
					}
				});
			});
			await first.catch(() => undefined);
			const held = (await localIds(local)).size;
			expect(held).toBeGreaterThanOrEqual(80);
			expect(held).toBeLessThan(expected.size);
			const second = await local.replicate.from(remote, { batch_size: 40 });
			// The checkpoint named a place in the snapshot: the rest, not everything again.
			expect(second.docs_read).toBeLessThanOrEqual(expected.size - 80 + 40);
			expect([...(await localIds(local))].sort()).toEqual([...expected].sort());
		}, 300_000);

		it('a document written after the snapshot began arrives in the same sync', async () => {
			const local = await fresh();
			const remote = remoteDb(server.url, teamDbName(NURSING_TEAM), nurseToken);
			const storage = server.app.storage.database(teamDbName(NURSING_TEAM));
			const id = `note:window-${Math.random().toString(36).slice(2)}`;
			const replication = local.replicate.from(remote, { batch_size: 40, batches_limit: 1 });
			let written = false;
			replication.on('change', () => {
				if (written) return;
				written = true;
				void storage.put({
					_id: id,
					type: 'note',
					schemaVersion: 1,
					createdAt: new Date().toISOString(),
					createdBy: NURSE,
					deviceId: 'test',
					patientId: 'patient:x',
					text: 'written meanwhile'
				});
			});
			await replication;
			expect(written).toBe(true);
			await local.get(id);
		}, 300_000);

		it('a changed window takes effect on the next sync', async () => {
			const local = await fresh();
			const remote = remoteDb(server.url, teamDbName(NURSING_TEAM), nurseToken);
			await local.replicate.from(remote);
			const wider = { ...NARROW, observationDays: 40, visitDays: 40 };
			const res = await fetch(`${server.url}/api/admin/teams/${NURSING_TEAM}/retention`, {
				method: 'PUT',
				headers: { 'content-type': 'application/json', authorization: `Bearer ${await login(server.url, 'admin', DEMO_PASSWORD)}` },
				body: JSON.stringify(wider)
			});
			expect(res.status).toBe(200);
			try {
				await local.replicate.from(remote);
				const expected = await expectedIds(server, NURSING_TEAM, 'nurse', wider);
				const held = await localIds(local);
				for (const id of expected) expect(held.has(id)).toBe(true);
				expect(expected.size).toBeGreaterThan((await expectedIds(server, NURSING_TEAM, 'nurse', NARROW)).size);
			} finally {
				await setWindow(server, NURSING_TEAM, NARROW);
			}
		}, 300_000);
	});
}

let leveldb: TestServer | undefined;
suite(
	'the retention window with LevelDB storage',
	async () => (leveldb = await startTestServer({}, fixedClock)),
	async () => leveldb?.close()
);

let upstream: TestServer | undefined;
let gateway: TestServer | undefined;
suite(
	'the retention window with COUCHDB_URL storage (a FieldCare server as upstream)',
	async () => {
		upstream = await startTestServer({ serverAdmin: UPSTREAM_ADMIN });
		gateway = await startTestServer({ couchdbUrl: `http://${UPSTREAM_ADMIN.name}:${UPSTREAM_ADMIN.password}@127.0.0.1:${new URL(upstream.url).port}/db` }, fixedClock);
		return gateway;
	},
	async () => {
		await gateway?.close();
		await upstream?.close();
	}
);
