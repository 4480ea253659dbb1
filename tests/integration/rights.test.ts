// Every role × document type × action over the wire: what the rights table allows is stored,
// everything else is refused with `forbidden` and leaves the database unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOC_TYPES, type DocType } from '../../src/lib/domain/index.ts';
import { sampleDocument } from '../support/documents.ts';
import { login, startTestServer, TEST_PASSWORD, type TestServer } from '../support/test-server.ts';

type Action = 'create' | 'update' | 'delete';
const ROLES = ['nurse', 'paramedic', 'dispatcher'] as const;

/** The rights, written out independently of the implementation's table. */
const EXPECTED: Record<(typeof ROLES)[number], Partial<Record<DocType, Action[]>>> = {
	nurse: { patient: ['create', 'update'], visit: ['update'], tour: ['update'], observation: ['create'], observationSet: ['create'], note: ['create'], alarm: ['create'], consult: ['create'], orderResponse: ['create'] },
	paramedic: { mission: ['update'], status: ['create'], observation: ['create'], observationSet: ['create'], note: ['create'], handover: ['create'], alarm: ['create'], consult: ['create'], orderResponse: ['create'] },
	dispatcher: { patient: ['create', 'update'], visit: ['create', 'update', 'delete'], tour: ['create', 'update', 'delete'], mission: ['create', 'update'], alarm: ['create'] }
};

let server: TestServer;
const tokens: Record<string, string> = {};
const DB = 'team-mixed';

beforeAll(async () => {
	server = await startTestServer();
	await server.app.accounts.saveTeam({ id: 'mixed', name: 'Mixed', kind: 'nursing', region: 'test' });
	for (const role of ROLES) {
		await server.app.accounts.createUser({ username: `${role}.x`, displayName: role, role, teams: ['mixed'], password: TEST_PASSWORD });
		tokens[role] = await login(server.url, `${role}.x`);
	}
});
afterAll(() => server.close());

async function request(role: string, method: string, path: string, body?: unknown) {
	const res = await fetch(`${server.url}/db/${DB}/${path}`, {
		method,
		headers: { authorization: `Bearer ${tokens[role]}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A document put in place directly, as if written earlier by someone allowed to. */
async function existing(type: DocType, key: string, owner?: string) {
	const doc = sampleDocument(type, key, 'someone.else', owner);
	const result = await server.app.storage.database(DB).put(doc as never);
	return { ...doc, _rev: result.rev };
}

describe.each(ROLES)('the %s role', (role) => {
	const user = `${role}.x`;
	it.each(DOC_TYPES)('create %s: stored exactly when the rights allow it', async (type) => {
		const allowed = EXPECTED[role][type]?.includes('create') ?? false;
		const doc = sampleDocument(type, `${role}-create`, user);
		const res = await request(role, 'POST', '_bulk_docs', { docs: [doc] });
		expect(res.status).toBe(201);
		const [result] = res.body as unknown as { ok?: boolean; error?: string; reason?: string }[];
		if (allowed) expect(result).toMatchObject({ ok: true, id: doc._id });
		else expect(result).toMatchObject({ error: 'forbidden', reason: expect.stringContaining(type) });
		const stored = await server.app.storage.database(DB).get(doc._id).then(() => true, () => false);
		expect(stored).toBe(allowed);
	});

	it.each(DOC_TYPES)('update %s: stored exactly when the rights allow it', async (type) => {
		const allowed = EXPECTED[role][type]?.includes('update') ?? false;
		const doc = await existing(type, `${role}-update`, user);
		const res = await request(role, 'PUT', encodeURIComponent(doc._id), { ...doc, updatedAt: '2026-11-24T09:00:00.000Z', updatedBy: user });
		expect(res.status).toBe(allowed ? 201 : 403);
		if (!allowed) expect(res.body).toMatchObject({ error: 'forbidden' });
		expect((await server.app.storage.database(DB).get(doc._id))._rev.startsWith(allowed ? '2-' : '1-')).toBe(true);
	});

	it.each(DOC_TYPES)('delete %s: removed exactly when the rights allow it', async (type) => {
		const allowed = EXPECTED[role][type]?.includes('delete') ?? false;
		const doc = await existing(type, `${role}-delete`, user);
		const res = await request(role, 'DELETE', `${encodeURIComponent(doc._id)}?rev=${doc._rev}`);
		expect(res.status).toBe(allowed ? 200 : 403);
		const stillThere = await server.app.storage.database(DB).get(doc._id).then(() => true, () => false);
		expect(stillThere).toBe(!allowed);
	});
});

describe('authorship', () => {
	it('refuses a new document in another user\'s name', async () => {
		const doc = sampleDocument('observation', 'forged-author', 'nurse.someone');
		const res = await request('nurse', 'POST', '_bulk_docs', { docs: [doc] });
		expect(res.body).toEqual([expect.objectContaining({ error: 'forbidden', reason: expect.stringContaining('createdBy') })]);
	});

	it('refuses an update without the editor as updatedBy', async () => {
		const doc = await existing('patient', 'no-editor');
		const res = await request('nurse', 'PUT', encodeURIComponent(doc._id), { ...doc, firstName: 'Geändert' });
		expect(res).toMatchObject({ status: 403, body: { error: 'forbidden', reason: expect.stringContaining('updatedBy') } });
	});

	it('refuses a replicated second revision of an append-only document (new_edits=false)', async () => {
		const doc = await existing('observation', 'append-only');
		const edited = { ...doc, value: 180, _rev: '2-0123456789abcdef0123456789abcdef', _revisions: { start: 2, ids: ['0123456789abcdef0123456789abcdef', doc._rev.slice(2)] } };
		const res = await request('nurse', 'POST', '_bulk_docs', { docs: [edited], new_edits: false });
		expect(res.body).toEqual([expect.objectContaining({ error: 'forbidden', reason: expect.stringContaining('append-only') })]);
		expect((await server.app.storage.database(DB).get(doc._id))._rev).toBe(doc._rev);
	});

	it('accepts a replicated revision the server already holds as a no-op', async () => {
		const doc = await existing('observation', 'replayed');
		const res = await request('nurse', 'POST', '_bulk_docs', { docs: [doc], new_edits: false });
		expect(res).toEqual({ status: 201, body: [] });
	});
});
