// A first pull brings the small attachments of each batch in a few requests (sync/inline-attachments.ts),
// against a real server: every attachment arrives byte for byte, large ones still one by one, and
// a failed batch request loses nothing.
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INLINE_REQUEST_MAX_BYTES, withInlineAttachments } from '../../src/lib/sync/inline-attachments.ts';
import { fileBytes, inlineAttachment } from '../support/attachments.ts';
import { testPatient } from '../support/documents.ts';
import { login, remoteDb, startTwoTeamServer, type TestServer } from '../support/test-server.ts';

PouchDB.plugin(memoryAdapter);

const DB = 'team-pflege-a';
const SMALL = 30;
const SMALL_BYTES = 150 * 1024;

let server: TestServer;
let token: string;

beforeAll(async () => {
	server = await startTwoTeamServer();
	token = await login(server.url, 'nurse.a');
	const device = new PouchDB(`author-${Math.random()}`, { adapter: 'memory' });
	for (let i = 0; i < SMALL; i++) {
		await device.put({ ...testPatient(`sig-${i}`, 'nurse.a'), _attachments: { 'signature.png': inlineAttachment('image/png', fileBytes('image/png', SMALL_BYTES)) } });
	}
	await device.put({ ...testPatient('photo', 'nurse.a'), _attachments: { 'wunde.jpg': inlineAttachment('image/jpeg', fileBytes('image/jpeg', 1024 * 1024)) } });
	await device.put(testPatient('plain', 'nurse.a'));
	const push = await device.replicate.to(remoteDb(server.url, DB, token));
	expect(push.doc_write_failures).toBe(0);
});
afterAll(() => server.close());

/** A remote of the team database that counts its requests and can refuse some. */
function countedRemote(refuse: (url: URL) => boolean = () => false) {
	const requests: URL[] = [];
	const db = new PouchDB(`${server.url}/db/${DB}`, {
		fetch: (input: string | Request, init?: RequestInit) => {
			const url = new URL(typeof input === 'string' ? input : input.url);
			requests.push(url);
			if (refuse(url)) return Promise.reject(new TypeError('Failed to fetch'));
			const headers = new Headers(init?.headers);
			headers.set('authorization', `Bearer ${token}`);
			return PouchDB.fetch(input, { ...init, headers });
		}
	} as PouchDB.Configuration.RemoteDatabaseConfiguration) as PouchDB.Database<Record<string, unknown>>;
	// An attachment's own URL: /db/<db>/<doc id>/<name>.
	const attachmentGets = () => requests.filter((url) => url.pathname.split('/').length === 5 && !url.pathname.includes('/_')).length;
	const inlineGets = () => requests.filter((url) => url.pathname.endsWith('/_bulk_get') && url.searchParams.get('attachments') === 'true').length;
	return { db, attachmentGets, inlineGets };
}

/** Every attachment of the server's documents, as digests, and the device's. */
async function digests(db: PouchDB.Database<Record<string, unknown>>): Promise<Record<string, string>> {
	const rows = (await db.allDocs({ include_docs: true, attachments: true })).rows;
	const out: Record<string, string> = {};
	for (const row of rows) {
		for (const [name, att] of Object.entries((row.doc?._attachments ?? {}) as Record<string, { digest: string; data: string }>)) {
			out[`${row.id}/${name}`] = `${att.digest} ${att.data.length}`;
		}
	}
	return out;
}

describe('small attachments with their batch', () => {
	it('pulls every attachment byte for byte; small ones in requests of bounded size, the large one on its own', async () => {
		const remote = countedRemote();
		const device = new PouchDB(`device-${Math.random()}`, { adapter: 'memory' });
		const result = await device.replicate.from(withInlineAttachments(remote.db), { batch_size: 1000 });
		expect(result.doc_write_failures).toBe(0);
		expect(await digests(device)).toEqual(await digests(server.app.storage.database(DB)));
		expect(Object.keys(await digests(device))).toHaveLength(SMALL + 1);
		expect(remote.attachmentGets()).toBe(1);
		expect(remote.inlineGets()).toBe(Math.ceil((SMALL * SMALL_BYTES) / INLINE_REQUEST_MAX_BYTES));
	});

	it('without it, the replicator asks for each attachment on its own (what this saves)', async () => {
		const remote = countedRemote();
		const device = new PouchDB(`device-${Math.random()}`, { adapter: 'memory' });
		await device.replicate.from(remote.db, { batch_size: 1000 });
		expect(remote.attachmentGets()).toBe(SMALL + 1);
		expect(remote.inlineGets()).toBe(0);
	});

	it('loses nothing when the batch request fails: each attachment is then fetched on its own', async () => {
		const remote = countedRemote((url) => url.searchParams.get('attachments') === 'true');
		const device = new PouchDB(`device-${Math.random()}`, { adapter: 'memory' });
		const result = await device.replicate.from(withInlineAttachments(remote.db), { batch_size: 1000 });
		expect(result.doc_write_failures).toBe(0);
		expect(await digests(device)).toEqual(await digests(server.app.storage.database(DB)));
		expect(remote.inlineGets()).toBeGreaterThan(0);
		expect(remote.attachmentGets()).toBe(SMALL + 1);
	});

	it('a document changed later brings its new attachment with the next sync\'s batch as well', async () => {
		const remote = countedRemote();
		const device = new PouchDB(`device-${Math.random()}`, { adapter: 'memory' });
		await device.replicate.from(withInlineAttachments(remote.db), { batch_size: 1000 });
		const before = remote.attachmentGets();
		const stored = (await server.app.storage.database(DB).get('patient:sig-0')) as Record<string, unknown>;
		const changed = await remoteDb(server.url, DB, token).put({ ...stored, updatedBy: 'nurse.a', updatedAt: new Date().toISOString(), _attachments: { 'signature.png': inlineAttachment('image/png', fileBytes('image/png', 900)) } });
		expect(changed.ok).toBe(true);
		await device.replicate.from(withInlineAttachments(remote.db), { batch_size: 1000 });
		expect(await digests(device)).toEqual(await digests(server.app.storage.database(DB)));
		expect(remote.attachmentGets()).toBe(before);
	});
});
