import type { FastifyRequest } from 'fastify';
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { describe, expect, it } from 'vitest';
import { AuditLog, coalesceIndex, docsOfResponse, nextUlid, parentRevision, summariseDocs } from './audit.ts';
import type { Database, Storage } from './storage.ts';

PouchDB.plugin(memoryAdapter);

describe('docsOfResponse', () => {
	it('takes the documents out of each read response shape', () => {
		expect(docsOfResponse('_changes', { results: [{ id: 'a', doc: { _id: 'a' } }, { id: 'b' }] })).toEqual([{ _id: 'a' }, undefined]);
		expect(docsOfResponse('_bulk_get', { results: [{ docs: [{ ok: { _id: 'a' } }, { error: {} }] }] })).toEqual([{ _id: 'a' }, undefined]);
		expect(docsOfResponse('_all_docs', { rows: [{ doc: { _id: 'a' } }, { error: 'not_found' }] })).toEqual([{ _id: 'a' }, undefined]);
		expect(docsOfResponse('get', { _id: 'a' })).toEqual([{ _id: 'a' }]);
		expect(docsOfResponse('get', [{ ok: { _id: 'a' } }, { missing: '1-x' }])).toEqual([{ _id: 'a' }, undefined]);
	});
});

describe('summariseDocs', () => {
	it('counts the documents and their types per subject, and skips checkpoints', () => {
		const summary = summariseDocs([
			{ _id: 'patient:p1', type: 'patient', firstName: 'Erika' },
			{ _id: 'observation:p1:01', patientId: 'patient:p1', value: 187 },
			{ _id: 'note:n1', patientId: 'patient:p1', text: 'secret' },
			{ _id: 'tour:t1' },
			{ _id: '_local/checkpoint' },
			undefined
		]);
		expect(summary.ids).toEqual(['patient:p1', 'observation:p1:01', 'note:n1', 'tour:t1']);
		expect([...summary.types].sort()).toEqual(['note', 'observation', 'patient', 'tour']);
		expect([...summary.bySubject]).toEqual([['patient:p1', { types: new Set(['patient', 'observation', 'note']), count: 3 }]]);
	});
});

describe('nextUlid', () => {
	it('counts up in Crockford base 32 with carry', () => {
		expect(nextUlid('01J0000000000000000000000Z')).toBe('01J00000000000000000000010');
		expect(nextUlid('01J000000000000000000000ZZ')).toBe('01J00000000000000000000100');
		expect(nextUlid('01J00000000000000000000000') > '01J00000000000000000000000').toBe(true);
	});
});

describe('parentRevision', () => {
	it('is the revision a deletion ends: from _revisions when replicated, else _rev', () => {
		expect(parentRevision({ _rev: '3-abc' })).toBe('3-abc');
		expect(parentRevision({ _rev: '4-new', _revisions: { start: 4, ids: ['new', 'old'] } })).toBe('3-old');
		expect(parentRevision({ _rev: '1-new', _revisions: { start: 1, ids: ['new'] } })).toBeUndefined();
		expect(parentRevision({})).toBeUndefined();
	});
});

describe('coalesceIndex', () => {
	it('stores the references queued together as one index document per subject, entries as they are', () => {
		const ref = (key: string, subject: string) => ({ _id: `subject:${subject}:${key}`, subject, entry: `access:${key}`, docTypes: ['observation'], docCount: 2 });
		const entry = (key: string) => ({ _id: `access:${key}`, entry: 'x' });
		const stored = coalesceIndex([entry('A'), ref('A', 'patient:1'), ref('A', 'patient:2'), entry('B'), ref('B', 'patient:1')]);
		expect(stored).toEqual([
			entry('A'),
			{ _id: 'subject:patient:1:A', subject: 'patient:1', refs: [{ entry: 'access:A', docTypes: ['observation'], docCount: 2 }, { entry: 'access:B', docTypes: ['observation'], docCount: 2 }] },
			{ _id: 'subject:patient:2:A', subject: 'patient:2', refs: [{ entry: 'access:A', docTypes: ['observation'], docCount: 2 }] },
			entry('B')
		]);
	});

	it('starts a new index document past 500 references', () => {
		const refs = Array.from({ length: 501 }, (_, i) => ({ _id: `subject:patient:1:${String(i).padStart(4, '0')}`, subject: 'patient:1', entry: `access:${i}`, docTypes: [], docCount: 1 }));
		expect(coalesceIndex(refs).map((doc) => doc._id)).toEqual(['subject:patient:1:0000', 'subject:patient:1:0500']);
	});
});

describe('AuditLog', () => {
	function memoryStorage(): Storage {
		const dbs = new Map<string, Database>();
		const database = (name: string) => {
			if (!dbs.has(name)) dbs.set(name, new PouchDB(`audit-${name}-${Math.random()}`, { adapter: 'memory' }) as Database);
			return dbs.get(name)!;
		};
		return { kind: 'leveldb', database, ensureDatabase: async () => undefined, destroyDatabase: async () => undefined, close: async () => undefined };
	}
	const nurse = { username: 'anna', displayName: 'Anna', role: 'nurse', teams: [], databases: ['team-a'] } as const;
	const request = { user: nurse, ip: '10.0.0.7', headers: { 'x-fieldcare-device': 'dev-1' }, params: { db: 'team-a' } } as unknown as FastifyRequest;
	const silent = { error: () => undefined };

	it('lists a subject\'s entries newest first across many index documents, with a fixed clock', async () => {
		let clock = Date.parse('2026-12-05T08:00:00.000Z');
		const audit = await AuditLog.open(memoryStorage(), { now: () => clock, log: silent });
		for (let i = 0; i < 120; i++) {
			clock += 1000;
			await audit.opened(request, [{ id: `01JDEVICE${String(i).padStart(17, '0')}`, at: '2026-12-05T07:00:00.000Z', subject: 'patient:p1' }]);
		}
		const all = await audit.entriesOf('patient:p1', 500);
		expect(all).toHaveLength(120);
		expect(all[0]).toMatchObject({ at: '2026-12-05T08:02:00.000Z', user: 'anna', role: 'nurse', device: 'dev-1', action: 'opened' });
		expect(all.map((e) => e.at)).toEqual([...all.map((e) => e.at)].sort().reverse());
		expect((await audit.entriesOf('patient:p1', 10)).map((e) => e.at)).toEqual(all.slice(0, 10).map((e) => e.at));
		expect(await audit.entriesOf('patient:p', 10)).toEqual([]);
		await audit.close();
	});

	it('answers reads at once and writes the queued entries in one batch', async () => {
		const storage = memoryStorage();
		const audit = await AuditLog.open(storage, { log: silent });
		const response = { results: Array.from({ length: 100 }, (_, i) => ({ docs: [{ ok: { _id: `observation:p${i % 4}:${i}`, patientId: `patient:p${i % 4}`, value: 1 } }] })) };
		for (let i = 0; i < 10; i++) expect(audit.delivered(request, '_bulk_get', response)).toBe(response);
		expect((await storage.database('fieldcare-audit').allDocs()).rows).toHaveLength(0);
		await audit.flush();
		const stored = await storage.database('fieldcare-audit').allDocs();
		// 10 entries, and one index document for each of the 4 patients.
		expect(stored.rows.map((row) => row.id.split(':')[0]).sort()).toEqual([...Array(10).fill('access'), ...Array(4).fill('subject')]);
		expect((await audit.entriesOf('patient:p3', 100)).map((e) => [e.via, e.docCount])).toEqual(Array(10).fill(['_bulk_get', 25]));
		await audit.close();
	});
});
