// Older history on demand (issue 12): a nurse reads a patient's observations and notes page by
// page, newest first, through /api/history, on LevelDB storage and through a gateway whose
// storage is another FieldCare server as CouchDB (COUCHDB_URL, native `_find`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyTimeOf, type AuditSubjectRow, type HistoryDoc } from '../../src/lib/domain/index.ts';
import { seedConsultTeams } from '../support/consults.ts';
import { allPages, at, historyDocs, seedHistory } from '../support/history.ts';
import { login, startTestServer, TEST_PASSWORD, type TestServer } from '../support/test-server.ts';

const UPSTREAM_ADMIN = { name: 'gateway', password: 'upstream-secret-0123456789' };
let leveldb: TestServer;
let upstream: TestServer;
let gateway: TestServer;
const tokens: Record<string, Record<string, string>> = {};

/** p1's documents of the given types, newest first, as the endpoint orders them. */
function expected(types: string[]): string[] {
	return (historyDocs() as unknown as HistoryDoc[])
		.filter((doc) => types.includes(doc.type) && doc.patientId === 'patient:p1')
		.sort((a, b) => (historyTimeOf(a) === historyTimeOf(b) ? (a._id < b._id ? 1 : -1) : historyTimeOf(a) < historyTimeOf(b) ? 1 : -1))
		.map((doc) => doc._id);
}

beforeAll(async () => {
	leveldb = await startTestServer();
	upstream = await startTestServer({ serverAdmin: UPSTREAM_ADMIN });
	gateway = await startTestServer({ couchdbUrl: `http://${UPSTREAM_ADMIN.name}:${UPSTREAM_ADMIN.password}@127.0.0.1:${new URL(upstream.url).port}/db` });
	for (const [mode, server] of [['leveldb', leveldb], ['couchdb', gateway]] as const) {
		tokens[mode] = await seedConsultTeams(server);
		await server.app.accounts.createUser({ username: 'admin', displayName: 'Admin', role: 'admin', teams: [], password: TEST_PASSWORD });
		tokens[mode].admin = await login(server.url, 'admin');
		await seedHistory(server.app.storage.database('team-pflege-a'));
	}
}, 120_000);

afterAll(async () => {
	await leveldb?.close();
	await gateway?.close();
	await upstream?.close();
});

describe.each(['leveldb', 'couchdb'] as const)('the history of a patient (%s storage)', (mode) => {
	const server = () => (mode === 'leveldb' ? leveldb : gateway);

	it('is paged newest first: every observation and note of the patient once, none of another patient', async () => {
		const { pages, statuses } = await allPages(server().url, tokens[mode].anna, 'types=observation,note', 5);
		expect(statuses.every((status) => status === 200)).toBe(true);
		expect(pages.flatMap((page) => page.docs.map((doc) => doc._id))).toEqual(expected(['observation', 'note']));
		expect(pages.every((page) => page.docs.length <= 5)).toBe(true);
		expect(pages.at(-1)?.next).toBeUndefined();
	});

	it('pages observation sets by their latest value, beside single observations, each once', async () => {
		const { pages } = await allPages(server().url, tokens[mode].anna, 'types=observation,observationSet', 4);
		expect(pages.flatMap((page) => page.docs.map((doc) => doc._id))).toEqual(expected(['observation', 'observationSet']));
		const sets = pages.flatMap((page) => page.docs).filter((doc) => doc.type === 'observationSet');
		expect(sets.map((doc) => doc._id)).toEqual(['observationSet:p1:round-0', 'observationSet:p1:round-1', 'observationSet:p1:round-2', 'observationSet:p1:round-3']);
	});

	it('never splits the two values of one blood pressure across pages', async () => {
		// Pages of 3 from the newest: without the cut at a change of time, a pair would be split.
		const { pages } = await allPages(server().url, tokens[mode].anna, 'types=observation', 3);
		for (const page of pages) {
			const groups = page.docs.map((doc) => doc.groupId).filter((group) => group !== undefined);
			for (const group of groups) expect(groups.filter((g) => g === group)).toHaveLength(2);
		}
		expect(pages.flatMap((page) => page.docs.map((doc) => doc._id))).toEqual(expected(['observation']));
	});

	it('answers only what is older than `before`, and only the types asked', async () => {
		const res = await fetch(`${server().url}/api/history/team-pflege-a/patient%3Ap1?types=observation&before=${encodeURIComponent(at(280))}&limit=100`, {
			headers: { authorization: `Bearer ${tokens[mode].anna}` }
		});
		const body = (await res.json()) as { docs: HistoryDoc[]; next?: string };
		expect(res.status).toBe(200);
		expect(body.docs.map((doc) => doc._id)).toEqual(['observation:p1:pulse-10', 'observation:p1:bp-5-sys', 'observation:p1:bp-5-dia', 'observation:p1:pulse-11']);
		expect(body.next).toBeUndefined();
	});

	it('answers a limit above the largest page with at most that page, not an error', async () => {
		const res = await fetch(`${server().url}/api/history/team-pflege-a/patient%3Ap1?limit=99999999`, { headers: { authorization: `Bearer ${tokens[mode].anna}` } });
		expect(res.status).toBe(200);
		expect(((await res.json()) as { docs: unknown[] }).docs).toHaveLength(expected(['observation', 'observationSet', 'note']).length);
	});

	it('is in the audit trail of the patient as a read via history', async () => {
		await allPages(server().url, tokens[mode].anna, 'types=observation', 50);
		const res = await fetch(`${server().url}/api/admin/audit/subjects/${encodeURIComponent('patient:p1')}`, { headers: { authorization: `Bearer ${tokens[mode].admin}` } });
		const { entries } = (await res.json()) as { entries: AuditSubjectRow[] };
		expect(entries.some((entry) => entry.action === 'read' && entry.via === 'history' && entry.user === 'anna')).toBe(true);
	});
});

describe('the indexes of the history', () => {
	it('are design documents of their own in the team database', async () => {
		const design = await leveldb.app.storage.database('team-pflege-a').allDocs({ startkey: '_design/', endkey: '_design/\ufff0' });
		expect(design.rows.map((row) => row.id)).toEqual(['_design/fieldcare-history-note', '_design/fieldcare-history-observation', '_design/fieldcare-history-observationSet']);
	});
});
