// Property tests of the merge: whatever the edits, every device must compute the same result,
// and no edited value may vanish without a trace.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeRevisions, recordFieldEdits, type Revision } from './conflicts.ts';

const FIELDS = ['phone', 'notes', 'insurer', 'careLevel'] as const;
const base: Revision = { _id: 'patient:p', _rev: '1-base', type: 'patient', createdAt: '2026-11-24T06:00:00.000Z', createdBy: 'demo', phone: '0', notes: 'n', insurer: 'AOK PLUS', careLevel: 2 };

/** A leaf: some fields edited by someone at some minute after creation. */
const leaf = fc.record({
	hash: fc.stringMatching(/^[a-f0-9]{8}$/),
	minute: fc.integer({ min: 1, max: 600 }),
	by: fc.constantFrom('anna', 'tom', 'eva'),
	changes: fc.dictionary(fc.constantFrom(...FIELDS), fc.oneof(fc.string({ maxLength: 5 }), fc.integer({ min: 1, max: 5 })), { minKeys: 1 })
});

function build(l: { hash: string; minute: number; by: string; changes: Record<string, unknown> }): Revision {
	const at = new Date(Date.parse(base.createdAt) + l.minute * 60_000).toISOString();
	const after = { ...base, ...l.changes, updatedAt: at, updatedBy: l.by };
	return { ...after, _rev: `2-${l.hash}`, fieldEdits: recordFieldEdits(base, after, { at, by: l.by }) };
}

const content = ({ _rev: _r, ...doc }: Revision) => doc;

describe('mergeRevisions properties', () => {
	it('gives the same document whichever leaf is the winner and in whatever order the others come', () => {
		fc.assert(
			fc.property(fc.uniqueArray(leaf, { minLength: 2, maxLength: 4, selector: (l) => l.hash }), fc.nat(), (leaves, rotation) => {
				const revs = leaves.map(build);
				const rotated = revs.map((_, i) => revs[(i + rotation) % revs.length]);
				const a = mergeRevisions('patient', revs[0], revs.slice(1));
				const b = mergeRevisions('patient', rotated[0], rotated.slice(1).reverse());
				expect(a.kind).toBe('merged');
				if (a.kind !== 'merged' || b.kind !== 'merged') return;
				expect(content(b.doc)).toEqual(content(a.doc));
			})
		);
	});

	it('keeps every edited value: in the document or in its history', () => {
		fc.assert(
			fc.property(fc.uniqueArray(leaf, { minLength: 2, maxLength: 4, selector: (l) => l.hash }), (leaves) => {
				const revs = leaves.map(build);
				const result = mergeRevisions('patient', revs[0], revs.slice(1));
				if (result.kind !== 'merged') throw new Error('non-critical fields always merge');
				for (const l of leaves) {
					// Setting a field to the value it already had is no edit.
					const edits = Object.entries(l.changes).filter(([field, value]) => JSON.stringify(base[field]) !== JSON.stringify(value));
					for (const [field, value] of edits) {
						const kept = JSON.stringify(result.doc[field]) === JSON.stringify(value) || result.doc.mergeHistory!.some((h) => h.field === field && JSON.stringify(h.value) === JSON.stringify(value));
						expect(kept, `${field}=${JSON.stringify(value)} by ${l.by}`).toBe(true);
					}
				}
			})
		);
	});
});
