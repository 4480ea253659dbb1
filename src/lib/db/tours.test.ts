import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { describe, expect, it } from 'vitest';
import { sampleDocument } from '../../../tests/support/documents.ts';
import type { Tour, Visit } from '../domain/index.ts';
import { updateDocument } from './document-update.ts';
import type { LocalDatabase } from './local-databases.ts';
import { saveTourPlan, tourId, undoAppliedDayPlan, type AppliedDayPlan } from './tours.ts';

PouchDB.plugin(memoryAdapter);
const fresh = () => new PouchDB(`tours-${Math.random()}`, { adapter: 'memory' }) as unknown as LocalDatabase;
const DATE = '2026-11-24';
const at = (username: string, minute: number) => ({ username, deviceId: 'dev', now: new Date(Date.UTC(2026, 10, 24, 9, minute)) });
const SETTINGS = { shiftStart: '06:00', shiftEnd: '14:00' };

/** Anna drives v1, v2; v3 is nobody's. The plan gives v2 and v3 to Tom, who had no tour. */
async function plannedDay(db: LocalDatabase): Promise<AppliedDayPlan> {
	const visits = ['v1', 'v2', 'v3'].map((key) => ({ ...sampleDocument('visit', `${DATE}:${key}`, 'pdl', 'anna') }) as Visit);
	delete visits[2].assignedTo;
	for (const visit of visits) await db.put(visit as never);
	const [v1, v2, v3] = visits.map((v) => v._id);
	const anna = await saveTourPlan(db, DATE, 'anna', { visitIds: [v1, v2], orderedBy: 'hand' }, SETTINGS, at('pdl', 0));

	const annaPlanned = await saveTourPlan(db, DATE, 'anna', { visitIds: [v1], orderedBy: 'planner' }, SETTINGS, at('pdl', 5), anna);
	const tomPlanned = await saveTourPlan(db, DATE, 'tom', { visitIds: [v2, v3], orderedBy: 'planner' }, SETTINGS, at('pdl', 5));
	const moved = [];
	for (const id of [v2, v3]) {
		const before = (await db.get(id)) as unknown as Visit;
		moved.push({ id, writtenRev: (await updateDocument(db, before, { assignedTo: 'tom' }, at('pdl', 5)))._rev!, previous: { assignedTo: before.assignedTo } });
	}
	return {
		tours: [
			{ id: annaPlanned._id, writtenRev: annaPlanned._rev!, previous: { visitIds: anna.visitIds, orderedBy: anna.orderedBy } },
			{ id: tomPlanned._id, writtenRev: tomPlanned._rev! }
		],
		visits: moved
	};
}

const get = async <T,>(db: LocalDatabase, id: string) => (await db.get(id).catch(() => undefined)) as unknown as (T & { _rev: string }) | undefined;

describe('undoAppliedDayPlan', () => {
	it('gives every tour and visit the plan wrote its state before, as new revisions, and removes the tour it created', async () => {
		const db = fresh();
		const applied = await plannedDay(db);
		expect(await undoAppliedDayPlan(db, applied, at('pdl', 6))).toEqual({ keptNurses: [] });
		const anna = (await get<Tour>(db, tourId(DATE, 'anna')))!;
		expect(anna).toMatchObject({ visitIds: [`visit:${DATE}:v1`, `visit:${DATE}:v2`], orderedBy: 'hand', updatedBy: 'pdl' });
		expect(anna._rev.startsWith('3-')).toBe(true);
		expect(await get<Tour>(db, tourId(DATE, 'tom'))).toBeUndefined();
		expect((await get<Visit>(db, `visit:${DATE}:v2`))!.assignedTo).toBe('anna');
		expect('assignedTo' in (await get<Visit>(db, `visit:${DATE}:v3`))!).toBe(false);
	});

	it('leaves a tour its nurse changed since, with the visits she holds, and names her', async () => {
		const db = fresh();
		const applied = await plannedDay(db);
		// Tom reorders his new tour on the road before the undo.
		const tom = (await get<Tour>(db, tourId(DATE, 'tom')))!;
		const reordered = await updateDocument(db, tom, { visitIds: [...tom.visitIds].reverse(), orderedBy: 'hand' }, at('tom', 6));
		expect(await undoAppliedDayPlan(db, applied, at('pdl', 7))).toEqual({ keptNurses: ['tom'] });
		expect((await get<Tour>(db, tourId(DATE, 'tom')))!._rev).toBe(reordered._rev);
		// Anna's tour comes back without v2, which stays on Tom's tour and with Tom.
		expect((await get<Tour>(db, tourId(DATE, 'anna')))!).toMatchObject({ visitIds: [`visit:${DATE}:v1`], orderedBy: 'hand' });
		expect((await get<Visit>(db, `visit:${DATE}:v2`))!.assignedTo).toBe('tom');
		expect((await get<Visit>(db, `visit:${DATE}:v3`))!.assignedTo).toBe('tom');
	});
});
