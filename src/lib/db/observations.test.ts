import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { describe, expect, it } from 'vitest';
import type { LocalDatabase } from './local-databases.ts';
import { buildNews2Alarm, news2Score } from '../domain/index.ts';
import { newKey } from './author.ts';
import { alarmsOf, observationsOf, saveAlarm, saveObservations, type ObservationInput } from './observations.ts';
import { SaveError } from './save-error.ts';

PouchDB.plugin(memoryAdapter);
const fresh = () => new PouchDB(`observations-${Math.random()}`, { adapter: 'memory' }) as unknown as LocalDatabase;
const anna = (minute: number) => ({ username: 'anna', deviceId: 'dev-1', now: new Date(Date.UTC(2026, 10, 24, 9, minute)) });

const bp = (patientId: string, systolic: number, diastolic: number): ObservationInput[] => [
	{ patientId, code: '8480-6', value: systolic, unit: 'mm[Hg]', effectiveAt: '2026-11-24T09:00:00.000Z', groupId: 'g1' },
	{ patientId, code: '8462-4', value: diastolic, unit: 'mm[Hg]', effectiveAt: '2026-11-24T09:00:00.000Z', groupId: 'g1' }
];

describe('observation repository', () => {
	it('saves the values of one measurement together and lists them per patient in order', async () => {
		const db = fresh();
		await saveObservations(db, bp('patient:A', 120, 80), anna(0));
		await saveObservations(db, bp('patient:B', 150, 95), anna(1));
		await saveObservations(db, [{ patientId: 'patient:A', code: '8867-4', value: 72, unit: '/min', effectiveAt: '2026-11-24T09:02:00.000Z', rawHex: '0048' }], anna(2));
		const ofA = await observationsOf(db, 'patient:A');
		// Across measurements in time order; within one measurement the order does not matter.
		expect(ofA.map((o) => o.value).slice(0, 2).sort()).toEqual([120, 80]);
		expect(ofA[2].value).toBe(72);
		expect(ofA.every((o) => o._id.startsWith('observation:A:') && o.createdBy === 'anna' && o.deviceId === 'dev-1')).toBe(true);
		expect((await observationsOf(db, 'patient:B')).map((o) => o.value).sort()).toEqual([150, 95]);
	});

	it('writes nothing of a measurement when one of its values is invalid', async () => {
		const db = fresh();
		const inputs = bp('patient:A', 120, 80);
		inputs[1] = { ...inputs[1], value: Number.NaN };
		const error = await saveObservations(db, inputs, anna(0)).catch((err: unknown) => err);
		expect(error).toBeInstanceOf(SaveError);
		expect((error as SaveError).failure).toBe('invalid');
		expect((error as SaveError).message).toMatch(/value/);
		expect(await observationsOf(db, 'patient:A')).toEqual([]);
	});

	it('saves the observations of a mission patient under the mission', async () => {
		const db = fresh();
		await saveObservations(db, [{ missionId: 'mission:M1', code: '8867-4', value: 130, unit: '/min', effectiveAt: '2026-11-24T09:00:00.000Z' }], anna(0));
		const ofMission = await observationsOf(db, 'mission:M1');
		expect(ofMission.map((o) => [o._id.startsWith('observation:M1:'), o.value])).toEqual([[true, 130]]);
	});

	it('saves a NEWS2 alarm and lists the newest first; an invalid one is refused', async () => {
		const db = fresh();
		const build = (score: number, minute: number) => {
			const now = anna(minute).now;
			const built = buildNews2Alarm({ result: news2Score({ respiratoryRate: score >= 3 ? 26 : 16 }), patientId: 'patient:A', observationIds: [], createdBy: 'anna', deviceId: 'dev-1', now, id: newKey(now) });
			if (!built.ok) throw new Error('expected an alarm');
			return built.alarm;
		};
		await saveAlarm(db, build(3, 0));
		await saveAlarm(db, { ...build(3, 5), score: 8 });
		expect((await alarmsOf(db)).map((a) => a.score)).toEqual([8, 3]);
		expect((await alarmsOf(db, anna(5).now)).map((a) => a.score)).toEqual([8]); // raised since 09:05
		await expect(saveAlarm(db, { ...build(3, 6), severity: 'extreme' as 'high' })).rejects.toThrow(/severity/);
	});
});
