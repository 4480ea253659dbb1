// The app's sync controller (src/lib/sync/team-sync.ts) against a real server: what the indicator
// shows comes from here — phase, changes waiting, refused entries, conflicts.
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeamSync, type TeamSyncSnapshot } from '../../src/lib/sync/index.ts';
import { testObservation, testPatient } from '../support/documents.ts';
import { login, remoteDb, startTwoTeamServer, type TestServer } from '../support/test-server.ts';

PouchDB.plugin(memoryAdapter);
type Db = PouchDB.Database<Record<string, unknown>>;

let server: TestServer;
let token: string;
beforeAll(async () => {
	server = await startTwoTeamServer();
	token = await login(server.url, 'nurse.a');
});
afterAll(() => server.close());

function controller(local: Db, online = { value: true }, onSettled?: (pushedSeq: number) => void) {
	const snapshots: TeamSyncSnapshot[] = [];
	let pushed = 0;
	const sync = new TeamSync({
		local,
		remote: () => remoteDb(server.url, 'team-pflege-a', token) as unknown as Db,
		isOnline: () => online.value,
		now: () => new Date('2026-11-24T10:00:00.000Z'),
		loadPushedSeq: async () => pushed,
		savePushedSeq: async (seq) => void (pushed = seq),
		onUpdate: (snapshot) => snapshots.push(snapshot),
		onSettled
	});
	const until = (predicate: (s: TeamSyncSnapshot) => boolean, what: string, timeoutMs = 10_000) =>
		new Promise<TeamSyncSnapshot>((resolve, reject) => {
			const started = Date.now();
			const poll = () => {
				if (predicate(sync.snapshot)) resolve(sync.snapshot);
				else if (Date.now() - started > timeoutMs) reject(new Error(`timed out waiting for ${what}: ${JSON.stringify(sync.snapshot)}`));
				else setTimeout(poll, 20);
			};
			poll();
		});
	return { sync, snapshots, until };
}

describe('TeamSync', () => {
	it('counts changes made offline, sends them when online again, and reports up to date', async () => {
		const local = new PouchDB(`ts-${Math.random()}`, { adapter: 'memory' }) as Db;
		const online = { value: false };
		const { sync, until } = controller(local, online);
		await sync.start();
		expect(sync.snapshot.phase).toBe('offline');
		await local.bulkDocs([testPatient('ts-1', 'nurse.a'), testObservation('ts-2', 'nurse.a')] as never);
		await until((s) => s.pending === 2, 'two pending');
		// The screen of a document (a consult request) can say that this one is not sent yet.
		expect(sync.isUnsent('patient:ts-1')).toBe(true);
		expect(sync.isUnsent('patient:never-written')).toBe(false);

		online.value = true;
		sync.restart();
		const done = await until((s) => s.phase === 'up-to-date', 'up to date');
		expect(done).toMatchObject({ pending: 0, lastSyncAt: '2026-11-24T10:00:00.000Z', denied: [] });
		expect(sync.isUnsent('patient:ts-1')).toBe(false);
		expect((await server.app.storage.database('team-pflege-a').get('patient:ts-1'))._id).toBe('patient:ts-1');
		sync.stop();
	});

	it('shows which entry the server refused and why, and keeps it on the device', async () => {
		const local = new PouchDB(`ts-${Math.random()}`, { adapter: 'memory' }) as Db;
		await local.put(testObservation('in-someone-elses-name', 'nurse.b') as never);
		const { sync, until } = controller(local);
		await sync.start();
		const snapshot = await until((s) => s.denied.length > 0, 'a refusal');
		expect(snapshot.denied).toEqual([{ id: 'observation:in-someone-elses-name', reason: expect.stringContaining('createdBy') }]);
		expect((await local.get('observation:in-someone-elses-name'))._id).toBe('observation:in-someone-elses-name');
		await expect(server.app.storage.database('team-pflege-a').get('observation:in-someone-elses-name')).rejects.toMatchObject({ status: 404 });
		sync.stop();
	});

	it('counts a conflict the server could not merge', async () => {
		const db = server.app.storage.database('team-pflege-a');
		const base = testPatient('critical', 'nurse.a');
		await db.bulkDocs(
			[
				{ ...base, allergies: ['Penicillin'], updatedBy: 'nurse.a', updatedAt: '2026-11-24T09:00:00.000Z', fieldEdits: { allergies: { at: '2026-11-24T09:00:00.000Z', by: 'nurse.a' } }, _rev: '2-aaaa', _revisions: { start: 2, ids: ['aaaa', 'base'] } },
				{ ...base, allergies: ['Latex'], updatedBy: 'nurse.a', updatedAt: '2026-11-24T09:10:00.000Z', fieldEdits: { allergies: { at: '2026-11-24T09:10:00.000Z', by: 'nurse.a' } }, _rev: '2-bbbb', _revisions: { start: 2, ids: ['bbbb', 'base'] } }
			] as never,
			{ new_edits: false }
		);
		const local = new PouchDB(`ts-${Math.random()}`, { adapter: 'memory' }) as Db;
		const { sync, until } = controller(local);
		await sync.start();
		const snapshot = await until((s) => s.phase === 'up-to-date' && s.conflicts === 1, 'one conflict');
		expect(snapshot.conflicts).toBe(1);
		sync.stop();
	});
});

describe('TeamSync settled', () => {
	it('tells when both directions have caught up, with the local sequence now on the server (aging out starts from it)', async () => {
		const local = new PouchDB(`ts-${Math.random()}`, { adapter: 'memory' }) as Db;
		await local.bulkDocs([testObservation('settled-1', 'nurse.a'), testObservation('settled-2', 'nurse.a')] as never);
		const settled: number[] = [];
		const { sync, until } = controller(local, { value: true }, (seq) => settled.push(seq));
		await sync.start();
		await until((s) => s.phase === 'up-to-date' && settled.length > 0, 'settled');
		sync.stop();
		expect(settled.at(-1)).toBe(Number((await local.info()).update_seq));
		expect(settled.at(-1)).toBeGreaterThanOrEqual(2);
	});
});

describe('TeamSync progress', () => {
	it('reports "n of m" while a fresh device pulls a large database (several batches of 2,000)', async () => {
		const db = server.app.storage.database('team-pflege-a');
		// The count runs beside the first pages (windowed-changes.ts): enough batches that later ones carry it.
		await db.bulkDocs(Array.from({ length: 7000 }, (_, i) => testObservation(`bulk-${i}`, 'nurse.a')) as never);
		const local = new PouchDB(`ts-${Math.random()}`, { adapter: 'memory' }) as Db;
		const { sync, snapshots, until } = controller(local);
		await sync.start();
		await until((s) => s.phase === 'up-to-date', 'up to date', 60_000);
		const progress = snapshots.flatMap((s) => (s.progress ? [s.progress] : []));
		expect(progress.length).toBeGreaterThan(1);
		expect(progress[0].total).toBeGreaterThanOrEqual(7000);
		expect(progress.at(-1)!.done).toBeGreaterThan(progress[0].done);
		expect(sync.snapshot.progress).toBeUndefined();
		// Regression: two-way sync says 'paused' before the pull has read anything; that is not "up to date".
		expect(snapshots.findIndex((s) => s.phase === 'up-to-date')).toBeGreaterThan(snapshots.findLastIndex((s) => !!s.progress));
		sync.stop();
	});
});
