import { describe, expect, it } from 'vitest';
import { docsOfResponse, nextUlid, parentRevision, summariseDocs } from './audit.ts';

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
