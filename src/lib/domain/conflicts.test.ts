import { describe, expect, it } from 'vitest';
import { differingFields, MERGE_AUTHOR, mergeRevisions, recordFieldEdits, settleByChoice, type Revision } from './conflicts.ts';

const base: Revision = {
	_id: 'patient:p1',
	_rev: '1-a',
	type: 'patient',
	createdAt: '2026-11-24T08:00:00.000Z',
	createdBy: 'anna',
	firstName: 'Erika',
	phone: '03671 111',
	notes: 'alt',
	allergies: []
};

function edited(rev: string, at: string, by: string, changes: Record<string, unknown>): Revision {
	const fieldEdits = recordFieldEdits(base, { ...base, ...changes }, { at, by });
	return { ...base, ...changes, _rev: rev, updatedAt: at, updatedBy: by, fieldEdits };
}

describe('mergeRevisions', () => {
	it('keeps both edits when two people changed different fields', () => {
		const anna = edited('2-aaa', '2026-11-24T09:00:00.000Z', 'anna', { phone: '03671 222' });
		const tom = edited('2-bbb', '2026-11-24T08:30:00.000Z', 'tom', { notes: 'neu' });
		const result = mergeRevisions('patient', anna, [tom]);
		expect(result.kind).toBe('merged');
		if (result.kind !== 'merged') return;
		expect(result.doc).toMatchObject({ phone: '03671 222', notes: 'neu', updatedBy: MERGE_AUTHOR, updatedAt: '2026-11-24T09:00:00.000Z', _rev: '2-aaa' });
		expect(result.lost).toEqual([]);
	});

	it('lets the later edit of the same field win and keeps the losing value in history', () => {
		const early = edited('2-aaa', '2026-11-24T09:00:00.000Z', 'anna', { phone: '03671 222' });
		const late = edited('2-bbb', '2026-11-24T10:00:00.000Z', 'tom', { phone: '03671 333' });
		const result = mergeRevisions('patient', early, [late]);
		if (result.kind !== 'merged') throw new Error('expected a merge');
		expect(result.doc.phone).toBe('03671 333');
		expect(result.doc.fieldEdits?.phone).toEqual({ at: '2026-11-24T10:00:00.000Z', by: 'tom' });
		expect(result.doc.mergeHistory).toEqual([{ field: 'phone', value: '03671 222', at: '2026-11-24T09:00:00.000Z', by: 'anna', rev: '2-aaa' }]);
	});

	it('is deterministic whichever leaf CouchDB picked as winner', () => {
		const a = edited('2-aaa', '2026-11-24T09:00:00.000Z', 'anna', { phone: '1', notes: 'x' });
		const b = edited('2-bbb', '2026-11-24T09:00:00.000Z', 'tom', { phone: '2' });
		const ab = mergeRevisions('patient', a, [b]);
		const ba = mergeRevisions('patient', b, [a]);
		if (ab.kind !== 'merged' || ba.kind !== 'merged') throw new Error('expected merges');
		const content = ({ _rev: _r, ...doc }: Revision) => doc;
		expect(content(ab.doc)).toEqual(content(ba.doc));
	});

	it('leaves concurrent edits of a critical field to a person', () => {
		const a = edited('2-aaa', '2026-11-24T09:00:00.000Z', 'anna', { allergies: ['Penicillin'] });
		const b = edited('2-bbb', '2026-11-24T10:00:00.000Z', 'tom', { allergies: ['Latex'] });
		expect(mergeRevisions('patient', a, [b])).toEqual({ kind: 'manual', fields: ['allergies'] });
	});

	it('merges a critical field edited on one side only', () => {
		const a = edited('2-aaa', '2026-11-24T09:00:00.000Z', 'anna', { allergies: ['Penicillin'] });
		const b = edited('2-bbb', '2026-11-24T10:00:00.000Z', 'tom', { phone: '5' });
		const result = mergeRevisions('patient', a, [b]);
		if (result.kind !== 'merged') throw new Error('expected a merge');
		expect(result.doc).toMatchObject({ allergies: ['Penicillin'], phone: '5' });
	});

	it('merges three leaves and removes a field that the latest edit cleared', () => {
		const a = edited('2-aaa', '2026-11-24T09:00:00.000Z', 'anna', { notes: undefined });
		const b = edited('2-bbb', '2026-11-24T08:00:00.000Z', 'tom', { notes: 'älter' });
		const c = edited('2-ccc', '2026-11-24T07:00:00.000Z', 'eva', { phone: '9' });
		const result = mergeRevisions('patient', b, [a, c]);
		if (result.kind !== 'merged') throw new Error('expected a merge');
		expect(result.doc).not.toHaveProperty('notes');
		expect(result.doc.phone).toBe('9');
		expect(result.lost.map((l) => l.value)).toContain('älter');
	});
});

describe('recordFieldEdits', () => {
	it('stamps exactly the fields whose value changed', () => {
		const edits = recordFieldEdits(base, { ...base, phone: 'x', allergies: [] }, { at: 't', by: 'me' });
		expect(edits).toEqual({ phone: { at: 't', by: 'me' } });
	});
});

describe('settleByChoice', () => {
	it('keeps the chosen value per field and the rest in history, as the person who chose', () => {
		const a = edited('2-aaa', '2026-11-24T09:00:00.000Z', 'anna', { allergies: ['Penicillin'], phone: '1' });
		const b = edited('2-bbb', '2026-11-24T10:00:00.000Z', 'tom', { allergies: ['Latex'] });
		const settled = settleByChoice(a, [b], { allergies: '2-bbb', phone: '2-aaa' }, { at: '2026-11-24T12:00:00.000Z', by: 'eva' });
		expect(settled).toMatchObject({ allergies: ['Latex'], phone: '1', updatedBy: 'eva', _rev: '2-aaa' });
		expect(settled.mergeHistory).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ field: 'allergies', value: ['Penicillin'], by: 'anna' }),
				expect.objectContaining({ field: 'phone', value: '03671 111' })
			])
		);
		expect(differingFields([a, b]).map((d) => d.field)).toEqual(['allergies', 'phone']);
	});
});
