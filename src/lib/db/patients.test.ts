import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { describe, expect, it } from 'vitest';
import { validateDocument } from '../domain/index.ts';
import type { LocalDatabase } from './local-databases.ts';
import { getPatient, listPatients, savePatient, type PatientInput } from './patients.ts';
import { SaveError } from './save-error.ts';

PouchDB.plugin(memoryAdapter);
const fresh = () => new PouchDB(`patients-${Math.random()}`, { adapter: 'memory' }) as unknown as LocalDatabase;

const input: PatientInput = {
	firstName: 'Gertrud',
	lastName: 'Bauer',
	birthDate: '1938-05-17',
	sex: 'female',
	address: { street: 'Am Bergfried 3', postalCode: '07338', city: 'Leutenberg' },
	phone: '036734 1234'
};
const anna = (minute: number) => ({ username: 'anna', deviceId: 'dev-1', now: new Date(Date.UTC(2026, 10, 24, 9, minute)) });

describe('patient repository', () => {
	it('leaves a patient out that is not one (stripped to two fields) instead of failing the list', async () => {
		const db = fresh();
		await savePatient(db, input, anna(0));
		await db.put({ _id: 'patient:stripped', type: 'patient' } as never);
		expect((await listPatients(db)).map((p) => p.lastName)).toEqual(['Bauer']);
		expect(await getPatient(db, 'patient:stripped')).toBeUndefined();
	});

	it('creates a valid patient with a time-sortable id and lists it', async () => {
		const db = fresh();
		const saved = await savePatient(db, input, anna(0));
		expect(saved._id).toMatch(/^patient:[0-9A-HJKMNP-TV-Z]{26}$/);
		expect(validateDocument(saved)).toMatchObject({ ok: true });
		expect(saved).toMatchObject({ createdBy: 'anna', deviceId: 'dev-1', createdAt: '2026-11-24T09:00:00.000Z' });
		expect((await listPatients(db)).map((p) => p.lastName)).toEqual(['Bauer']);
	});

	it('an edit stamps the changed fields and drops a cleared one', async () => {
		const db = fresh();
		const created = await savePatient(db, input, anna(0));
		const { phone: _phone, ...withoutPhone } = input;
		const updated = await savePatient(db, { ...withoutPhone, lastName: 'Bauer-Schmidt' }, anna(5), created);
		expect(updated).not.toHaveProperty('phone');
		expect(updated).toMatchObject({ updatedBy: 'anna', updatedAt: '2026-11-24T09:05:00.000Z' });
		expect(updated.fieldEdits).toEqual({
			lastName: { at: '2026-11-24T09:05:00.000Z', by: 'anna' },
			phone: { at: '2026-11-24T09:05:00.000Z', by: 'anna' }
		});
		expect((await getPatient(db, created._id))?._rev).toBe(updated._rev);
	});

	it('refuses an invalid patient with the fields named, writing nothing', async () => {
		const db = fresh();
		const error = await savePatient(db, { ...input, birthDate: '17.05.1938', address: { street: 'Am Bergfried 3', postalCode: '7338', city: 'Leutenberg' } }, anna(0)).catch((e) => e);
		expect(error).toBeInstanceOf(SaveError);
		expect((error as SaveError).failure).toBe('invalid');
		expect((error as SaveError).issues.map((i) => i.path).sort()).toEqual(['address.postalCode', 'birthDate']);
		expect(await listPatients(db)).toEqual([]);
	});

	it('reports an edit of a stale revision as a conflict', async () => {
		const db = fresh();
		const created = await savePatient(db, input, anna(0));
		await savePatient(db, { ...input, phone: '1' }, anna(1), created);
		const error = await savePatient(db, { ...input, phone: '2' }, anna(2), created).catch((e) => e);
		expect((error as SaveError).failure).toBe('conflict');
	});
});
