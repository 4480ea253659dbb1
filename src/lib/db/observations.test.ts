import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { describe, expect, it } from 'vitest';
import type { LocalDatabase } from './local-databases.ts';
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
		expect(ofA.map((o) => o.value)).toEqual([120, 80, 72]);
		expect(ofA.every((o) => o._id.startsWith('observation:A:') && o.createdBy === 'anna' && o.deviceId === 'dev-1')).toBe(true);
		expect((await observationsOf(db, 'patient:B')).map((o) => o.value)).toEqual([150, 95]);
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

	it('saves an alarm and lists the newest first', async () => {
		const db = fresh();
		await saveAlarm(db, { kind: 'news2', patientId: 'patient:A', severity: 'medium', message: 'NEWS2 5 (medium)', score: 5 }, anna(0));
		await saveAlarm(db, { kind: 'news2', patientId: 'patient:A', severity: 'high', message: 'NEWS2 8 (high)', score: 8 }, anna(5));
		expect((await alarmsOf(db)).map((a) => a.score)).toEqual([8, 5]);
		await expect(saveAlarm(db, { kind: 'news2', severity: 'extreme' as 'high', message: 'x' }, anna(6))).rejects.toThrow(/severity/);
	});
});
