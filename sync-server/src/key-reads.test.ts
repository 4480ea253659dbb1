import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import PouchDB from 'pouchdb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { withDirectKeyReads } from './key-reads.ts';
import type { Database } from './storage.ts';

let dir: string;
let db: Database;
let pouchAnswer: Database['allDocs'];

beforeEach(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'fieldcare-key-reads-'));
	db = new PouchDB(path.join(dir, 'team'), { adapter: 'leveldb' });
	pouchAnswer = db.allDocs.bind(db);
	withDirectKeyReads(db);
	await db.put({ _id: 'visit:1', type: 'visit', date: '2026-12-06' });
	await db.put({ _id: 'note:1', type: 'note', text: 'Wunde trocken', _attachments: { 'sig.png': { content_type: 'image/png', data: Buffer.from('x').toString('base64') } } });
	const gone = await db.put({ _id: 'note:gone', type: 'note' });
	await db.remove('note:gone', gone.rev);
	// Two leaves: the winner's body and rev, not the loser's.
	await db.bulkDocs([{ _id: 'visit:2', _rev: '1-a', type: 'visit', status: 'planned' }, { _id: 'visit:2', _rev: '1-b', type: 'visit', status: 'done' }], { new_edits: false });
	await db.put({ _id: '_design/x', views: {} });
	await db.put({ _id: '_local/checkpoint', seq: 3 });
});

afterEach(async () => {
	await db.close();
	await rm(dir, { recursive: true, force: true });
});

const KEYS = ['visit:2', 'missing', 'note:gone', 'visit:1', 'note:1', 'visit:1', '_design/x', '_reserved'];

describe('withDirectKeyReads', () => {
	it.each([{ include_docs: true }, { include_docs: false }, {}])('answers a keys query as PouchDB does (%o): live, conflicted, missing, deleted, repeated, design', async (options) => {
		const expected = await pouchAnswer({ keys: KEYS, ...options });
		const get = vi.spyOn(db, 'get');
		const answered = await db.allDocs({ keys: KEYS, ...options });
		expect(answered).toEqual(expected);
		expect(answered.rows.map((row) => ('error' in row ? row.error : row.value.rev.slice(0, 2)))).toEqual(['1-', 'not_found', '2-', '1-', '1-', '1-', '1-', 'not_found']);
		// One lookup per key, not PouchDB's range scan per key.
		expect(get).toHaveBeenCalledTimes(KEYS.length);
	});

	it('answers the empty id as not found (PouchDB\'s own keys query answers the first document for it)', async () => {
		expect((await db.allDocs({ keys: [''], include_docs: true })).rows).toEqual([{ key: '', error: 'not_found' }]);
	});

	it('leaves every other query to PouchDB', async () => {
		const get = vi.spyOn(db, 'get');
		expect(await db.allDocs({ keys: KEYS, include_docs: true, conflicts: true })).toEqual(await pouchAnswer({ keys: KEYS, include_docs: true, conflicts: true }));
		expect(await db.allDocs({ keys: ['_local/checkpoint', 'visit:1'] })).toEqual(await pouchAnswer({ keys: ['_local/checkpoint', 'visit:1'] }));
		expect(await db.allDocs({ startkey: 'visit:', endkey: 'visit:\ufff0', include_docs: true })).toEqual(await pouchAnswer({ startkey: 'visit:', endkey: 'visit:\ufff0', include_docs: true }));
		expect(await db.allDocs()).toEqual(await pouchAnswer());
		expect(get).not.toHaveBeenCalled();
	});

	it('answers callers that pass a callback', async () => {
		const withCallback = db.allDocs as unknown as (options: object, callback: (err: unknown, result: unknown) => void) => void;
		const answered = await new Promise((resolve, reject) => withCallback({ keys: KEYS, include_docs: true }, (err, result) => (err ? reject(err) : resolve(result))));
		expect(answered).toEqual(await pouchAnswer({ keys: KEYS, include_docs: true }));
	});

	it('answers pouchdb-find the same documents', async () => {
		PouchDB.plugin((await import('pouchdb-find')).default);
		await db.createIndex({ index: { fields: ['type'], name: 'by-type', ddoc: 'by-type' } });
		const { docs } = await db.find({ selector: { type: 'visit' }, use_index: ['by-type', 'by-type'] });
		expect(docs.map((doc) => [doc._id, (doc as { status?: string }).status])).toEqual([['visit:1', undefined], ['visit:2', 'done']]);
	});

	it('passes on a storage error instead of answering rows', async () => {
		vi.spyOn(db, 'get').mockRejectedValueOnce(Object.assign(new Error('disk'), { status: 500 }));
		await expect(db.allDocs({ keys: ['visit:1'], include_docs: true })).rejects.toThrow('disk');
	});
});
