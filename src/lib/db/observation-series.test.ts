import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { describe, expect, it } from 'vitest';
import { setIdOfMember, validateDocument } from '../domain/index.ts';
import type { LocalDatabase } from './local-databases.ts';
import { forgetRecentSeries, observationSeries } from './observation-series.ts';
import { observationsOf, saveObservations } from './observations.ts';

PouchDB.plugin(memoryAdapter);
const fresh = () => new PouchDB(`series-${Math.random()}`, { adapter: 'memory' }) as unknown as LocalDatabase;
const anna = (minute: number) => ({ username: 'anna', deviceId: 'dev-1', now: new Date(Date.UTC(2026, 10, 24, 9, minute)) });
const pulse = (patientId: string, value: number) => ({ patientId, code: '8867-4', value, unit: '/min', effectiveAt: '2026-11-24T09:00:00.000Z' });

describe('observationSeries', () => {
	it('equals the query, and follows new observations of the subject only', async () => {
		const db = fresh();
		await saveObservations(db, [pulse('patient:A', 70)], anna(0));
		await saveObservations(db, [pulse('patient:B', 90)], anna(1));
		expect((await observationSeries(db, 'patient:A')).map((o) => o.value)).toEqual([70]);

		await saveObservations(db, [pulse('patient:A', 72)], anna(2));
		await saveObservations(db, [pulse('patient:B', 91)], anna(3));
		const series = await observationSeries(db, 'patient:A');
		expect(series.map((o) => o.value)).toEqual([70, 72]);
		expect(series).toEqual(await observationsOf(db, 'patient:A'));
	});

	it('keeps its copy in a _local document that is up to date with the database', async () => {
		const db = fresh();
		await saveObservations(db, [pulse('patient:A', 70)], anna(0));
		await observationSeries(db, 'patient:A');
		const kept = (await db.get('_local/series:patient:A')) as unknown as { seq: number; json: string };
		expect(String(kept.seq)).toBe(String((await db.info()).update_seq));
		const observations = JSON.parse(kept.json) as unknown[];
		expect(observations).toHaveLength(1);
		// Served from the copy: a document slipped into the copy (not the database) shows up.
		await db.put({ ...(kept as object), json: JSON.stringify([...observations, { _id: 'observation:A:ZZZ', value: 1 }]) } as never);
		forgetRecentSeries(); // or the parsed copy in memory answers
		expect(await observationSeries(db, 'patient:A')).toHaveLength(2);
	});

	it('drops the values of a set that was deleted, and only those', async () => {
		const db = fresh();
		const [saved] = await saveObservations(db, [pulse('patient:A', 70), pulse('patient:A', 72)], anna(0));
		await saveObservations(db, [pulse('patient:A', 71)], anna(1));
		expect((await observationSeries(db, 'patient:A')).map((o) => o.value)).toEqual([70, 72, 71]);
		await db.remove(await db.get(setIdOfMember(saved._id)!));
		expect((await observationSeries(db, 'patient:A')).map((o) => o.value)).toEqual([71]);
	});

	it('reads observations stored singly (before sets) beside sets', async () => {
		const db = fresh();
		await saveObservations(db, [pulse('patient:A', 71)], anna(1));
		await observationSeries(db, 'patient:A');
		const single = { ...pulse('patient:A', 69), _id: 'observation:A:01HZZZZZZZZZZZZZZZZZZZZZZZ', type: 'observation', schemaVersion: 1, createdAt: anna(0).now.toISOString(), createdBy: 'anna', deviceId: 'd1' };
		expect(validateDocument(single).ok).toBe(true);
		await db.put(single);
		// In the order they were made: the single one's id is older.
		expect((await observationSeries(db, 'patient:A')).map((o) => o.value)).toEqual([69, 71]);
	});
});
