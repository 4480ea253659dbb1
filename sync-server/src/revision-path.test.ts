import { describe, expect, it } from 'vitest';
import { revisionPath } from './revision-path.ts';

const HASH = 'a'.repeat(32);

describe('revisionPath', () => {
	it('takes the leaf of a replicated revision from _revisions, as PouchDB and CouchDB store it', () => {
		expect(revisionPath({ _rev: `3-${HASH}`, _revisions: { start: 3, ids: [HASH, 'b', 'c'] } }, false)).toEqual({
			ok: true,
			value: { kind: 'replicated', leaf: `3-${HASH}`, path: [`3-${HASH}`, '2-b', '1-c'] }
		});
	});

	it('takes the leaf from _rev when there is no _revisions', () => {
		expect(revisionPath({ _rev: `1-${HASH}` }, false)).toEqual({ ok: true, value: { kind: 'replicated', leaf: `1-${HASH}`, path: [`1-${HASH}`] } });
	});

	it('refuses a _rev beside _revisions that names another leaf', () => {
		expect(revisionPath({ _rev: '1-b', _revisions: { start: 2, ids: [HASH, 'b'] } }, false)).toMatchObject({ ok: false, reason: expect.stringContaining('_rev') });
	});

	it.each([
		[{ start: 1, ids: [] }],
		[{ start: 1, ids: ['a', 'b'] }],
		[{ start: 0, ids: ['a'] }],
		[{ start: 1.5, ids: ['a'] }],
		[{ start: 2, ids: ['a', 7] }],
		[{ start: 2, ids: ['a', '../x'] }],
		[{ ids: ['a'] }],
		[null],
		['2-a']
	])('refuses malformed _revisions %j', (revisions) => {
		expect(revisionPath({ _revisions: revisions }, false)).toMatchObject({ ok: false, reason: expect.stringContaining('_revisions') });
	});

	it('needs a revision for a replicated write, and a well-formed one everywhere', () => {
		expect(revisionPath({}, false)).toMatchObject({ ok: false });
		expect(revisionPath({ _rev: 'x-1' }, true)).toMatchObject({ ok: false, reason: expect.stringContaining('_rev') });
		expect(revisionPath({ _rev: '0-1' }, false)).toMatchObject({ ok: false });
	});

	it('with new_edits=true the parent is _rev, whatever _revisions claims', () => {
		expect(revisionPath({ _rev: `2-${HASH}`, _revisions: { start: 9, ids: ['z'] } }, true)).toEqual({ ok: true, value: { kind: 'edit', parent: `2-${HASH}` } });
		expect(revisionPath({}, true)).toEqual({ ok: true, value: { kind: 'edit', parent: undefined } });
	});
});
