import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { describe, expect, it } from 'vitest';
import { ConflictTracker, loadConflict, settleConflict } from './conflict-review.ts';

PouchDB.plugin(memoryAdapter);
type Db = PouchDB.Database<Record<string, unknown>>;

const patient = { _id: 'patient:p1', type: 'patient', createdAt: '2026-11-24T08:00:00.000Z', createdBy: 'anna', allergies: [] as string[] };

/** A database holding two leaves of one patient, as replication leaves them. */
async function conflicted(): Promise<Db> {
	const db = new PouchDB(`conflicts-${Math.random()}`, { adapter: 'memory' }) as Db;
	await db.bulkDocs(
		[
			{ ...patient, allergies: ['Penicillin'], updatedBy: 'anna', updatedAt: '2026-11-24T09:00:00.000Z', _rev: '2-aaaa', _revisions: { start: 2, ids: ['aaaa', 'base'] } },
			{ ...patient, allergies: ['Latex'], updatedBy: 'tom', updatedAt: '2026-11-24T09:30:00.000Z', _rev: '2-bbbb', _revisions: { start: 2, ids: ['bbbb', 'base'] } },
			{ _id: 'observation:o1', type: 'observation', _rev: '1-cccc' }
		],
		{ new_edits: false }
	);
	return db;
}

describe('conflict review', () => {
	it('finds the conflicted document, first by scanning, then from changes', async () => {
		const db = await conflicted();
		const tracker = new ConflictTracker();
		expect(await tracker.refresh(db)).toBe(1);
		expect(tracker.ids).toEqual(['patient:p1']);
		const conflict = await loadConflict(db, 'patient:p1');
		expect(conflict?.disagreements.map((d) => d.field)).toEqual(['allergies']);
		await settleConflict(db, conflict!, { allergies: '2-aaaa' }, { at: '2026-11-24T12:00:00.000Z', by: 'eva' });
		expect(await tracker.refresh(db)).toBe(0);
		const settled = await db.get('patient:p1', { conflicts: true });
		expect(settled).toMatchObject({ allergies: ['Penicillin'], updatedBy: 'eva' });
		expect(settled._conflicts).toBeUndefined();
	});

	it('refuses a decision when a leaf changed meanwhile', async () => {
		const db = await conflicted();
		const conflict = await loadConflict(db, 'patient:p1');
		await db.bulkDocs([{ ...conflict!.others[0], _rev: `3-dddd`, _revisions: { start: 3, ids: ['dddd', conflict!.others[0]._rev.slice(2), 'base'] } }], { new_edits: false });
		await expect(settleConflict(db, conflict!, {}, { at: '2026-11-24T12:00:00.000Z', by: 'eva' })).rejects.toMatchObject({ status: 409 });
	});
});
