// Orders are the physician's alone, and a consult's course is set on the physician's behalf: field
// users of the team try to write orders, accept or close a consult, and rewrite what is append-only,
// on every write path (PUT, _bulk_docs, replication with new_edits=false). Each is refused with a
// CouchDB-shaped error and stores nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docId } from '../../../src/lib/domain/index.ts';
import { sampleDocument } from '../../support/documents.ts';
import { login, startTestServer, TEST_PASSWORD, type TestServer } from '../../support/test-server.ts';

let server: TestServer;
const tokens: Record<string, string> = {};
const NURSING = 'team-pflege';
const STATION = 'team-wache';

beforeAll(async () => {
	server = await startTestServer();
	const { accounts } = server.app;
	await accounts.saveTeam({ id: 'pflege', name: 'Pflege', kind: 'nursing', region: 'test' });
	await accounts.saveTeam({ id: 'wache', name: 'Wache', kind: 'ambulance', region: 'test' });
	for (const [username, role, team] of [['anna', 'nurse', 'pflege'], ['rtw1', 'paramedic', 'wache']] as const) {
		await accounts.createUser({ username, displayName: username, role, teams: [team], password: TEST_PASSWORD });
		tokens[username] = await login(server.url, username);
	}
});
afterAll(() => server.close());

async function call(user: string, method: string, db: string, path: string, body?: unknown) {
	const res = await fetch(`${server.url}/db/${db}/${path}`, {
		method,
		headers: { authorization: `Bearer ${tokens[user]}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	return { status: res.status, body: (await res.json()) as unknown };
}

const put = (user: string, db: string, doc: Record<string, unknown>) => call(user, 'PUT', db, encodeURIComponent(String(doc._id)), doc);
const bulk = (user: string, db: string, docs: unknown[], newEdits = true) => call(user, 'POST', db, '_bulk_docs', { docs, ...(newEdits ? {} : { new_edits: false }) });
const replicated = (doc: Record<string, unknown>, hash = 'a1b2c3'): Record<string, unknown> => ({ ...doc, _rev: `1-${hash}`, _revisions: { start: 1, ids: [hash] } });

async function expectAbsent(db: string, id: string): Promise<void> {
	await expect(server.app.storage.database(db).get(id)).rejects.toMatchObject({ status: 404 });
}

/** An order as the field user would forge it: signed with their own account. */
const forgedOrder = (key: string, user: string) => sampleDocument('order', key, user) as unknown as Record<string, unknown>;

describe('a field user writing an order', () => {
	for (const [user, db] of [['anna', NURSING], ['rtw1', STATION]] as const) {
		it(`refuses PUT of an order from ${user}`, async () => {
			const doc = forgedOrder(`put-${user}`, user);
			expect(await put(user, db, doc)).toMatchObject({ status: 403, body: { error: 'forbidden', reason: expect.stringContaining('order') } });
			await expectAbsent(db, String(doc._id));
		});

		it(`refuses _bulk_docs with an order from ${user}`, async () => {
			const doc = forgedOrder(`bulk-${user}`, user);
			expect(await bulk(user, db, [doc])).toMatchObject({ status: 201, body: [{ error: 'forbidden' }] });
			await expectAbsent(db, String(doc._id));
		});

		it(`refuses a replicated order (new_edits=false) from ${user}`, async () => {
			const doc = replicated(forgedOrder(`repl-${user}`, user));
			expect(await bulk(user, db, [doc], false)).toMatchObject({ status: 201, body: [{ error: 'forbidden' }] });
			await expectAbsent(db, String(doc._id));
		});

		it(`refuses a replicated order signed with a physician's name from ${user}`, async () => {
			const doc = replicated(forgedOrder(`named-${user}`, 'dr.berg'));
			expect(await bulk(user, db, [doc], false)).toMatchObject({ status: 201, body: [{ error: 'forbidden' }] });
			await expectAbsent(db, String(doc._id));
		});
	}
});

describe('a field user and the course of a consult', () => {
	const consult = (key: string, user: string, extra: Record<string, unknown> = {}) => ({ ...(sampleDocument('consult', key, user) as unknown as Record<string, unknown>), ...extra });
	const accepted = { acceptedBy: 'anna', acceptedAt: '2026-11-24T08:01:00.000Z' };

	it('stores a consult request from a nurse', async () => {
		expect(await put('anna', NURSING, consult('ok', 'anna'))).toMatchObject({ status: 201 });
	});

	it('refuses a request created as already accepted, through PUT', async () => {
		const doc = consult('acc-put', 'anna', accepted);
		expect(await put('anna', NURSING, doc)).toMatchObject({ status: 403, body: { reason: expect.stringContaining('acceptedBy') } });
		await expectAbsent(NURSING, String(doc._id));
	});

	it('refuses a request created as already accepted, through _bulk_docs', async () => {
		const doc = consult('acc-bulk', 'anna', accepted);
		expect(await bulk('anna', NURSING, [doc])).toMatchObject({ body: [{ error: 'forbidden' }] });
		await expectAbsent(NURSING, String(doc._id));
	});

	it('refuses a request created as already closed, through new_edits=false', async () => {
		const doc = replicated(consult('closed-repl', 'anna', { closedBy: 'anna', closedAt: '2026-11-24T08:02:00.000Z' }));
		expect(await bulk('anna', NURSING, [doc], false)).toMatchObject({ body: [{ error: 'forbidden' }] });
		await expectAbsent(NURSING, String(doc._id));
	});

	it('refuses a field user accepting a stored request (an edit)', async () => {
		const stored = await server.app.storage.database(NURSING).put(consult('edit', 'anna') as never);
		const res = await put('anna', NURSING, { ...consult('edit', 'anna', accepted), _rev: stored.rev, updatedBy: 'anna', updatedAt: '2026-11-24T08:01:00.000Z' });
		expect(res).toMatchObject({ status: 403 });
		expect((await server.app.storage.database(NURSING).get(docId('consult', 'edit')))._rev).toBe(stored.rev);
	});

	it('refuses rewriting an answer to an order (append-only)', async () => {
		const doc = sampleDocument('orderResponse', 'answer', 'rtw1') as unknown as Record<string, unknown>;
		const stored = await server.app.storage.database(STATION).put(doc as never);
		const res = await put('rtw1', STATION, { ...doc, _rev: stored.rev, outcome: 'declined', reason: 'doch nicht', updatedBy: 'rtw1' });
		expect(res).toMatchObject({ status: 403, body: { reason: expect.stringContaining('append-only') } });
	});

	it('refuses an answer signed by another user', async () => {
		const doc = sampleDocument('orderResponse', 'other', 'rtw2') as unknown as Record<string, unknown>;
		expect(await put('rtw1', STATION, doc)).toMatchObject({ status: 403, body: { reason: expect.stringContaining('createdBy') } });
	});
});
