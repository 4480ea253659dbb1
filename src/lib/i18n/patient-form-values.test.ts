import { describe, expect, it } from 'vitest';
import { validateDocument, type Patient } from '../domain/index.ts';
import { formValuesOf, patientFieldsOf } from './patient-form-values.ts';

const META = { _id: 'patient:x', type: 'patient', schemaVersion: 1, createdAt: '2026-11-24T08:00:00.000Z', createdBy: 'anna', deviceId: 'd' } as const;

describe('patient form values', () => {
	it('turns the strings of a filled form into a valid patient', () => {
		const values = {
			...formValuesOf(),
			firstName: ' Gertrud ',
			lastName: 'Offlinerin',
			birthDate: '1938-05-17',
			street: 'Am Bergfried 3',
			postalCode: '07338',
			city: 'Leutenberg',
			lat: '50,5631',
			lon: '11.4552',
			careLevel: '3',
			allergies: 'Penicillin, , Pflaster',
			insuranceNumber: 'a123456789'
		};
		const fields = patientFieldsOf(values);
		expect(fields).toMatchObject({ firstName: 'Gertrud', location: { lat: 50.5631, lon: 11.4552 }, careLevel: 3, allergies: ['Penicillin', 'Pflaster'], insuranceNumber: 'A123456789' });
		expect(fields).not.toHaveProperty('phone');
		expect(validateDocument({ ...META, ...fields })).toMatchObject({ ok: true });
	});

	it('leaves an invalid entry for the schema to name', () => {
		const fields = patientFieldsOf({ ...formValuesOf(), firstName: 'A', lastName: 'B', birthDate: '1940-01-01', street: 'X 1', postalCode: '7318', city: 'Y', lat: 'north', lon: '11' });
		const result = validateDocument({ ...META, ...fields });
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['address.postalCode', 'location.lat']));
	});

	it('round-trips a stored patient through the form unchanged', () => {
		const patient = { ...META, firstName: 'Erika', lastName: 'Muster', birthDate: '1941-03-02', sex: 'female', address: { street: 'Markt 1', postalCode: '07318', city: 'Saalfeld/Saale' }, location: { lat: 50.648, lon: 11.367 }, careLevel: 2, allergies: ['Nüsse'], phone: '03671 12345' } as Patient;
		expect({ ...META, ...patientFieldsOf(formValuesOf(patient)) }).toEqual(patient);
	});
});
