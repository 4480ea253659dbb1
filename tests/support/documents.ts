// Valid documents for tests, built the way the app builds them.
import { docId, SCHEMA_VERSION, type Observation, type Patient } from '../../src/lib/domain/index.ts';

const CREATED_AT = '2026-11-24T08:00:00.000Z';

export function testPatient(key: string, createdBy: string, overrides: Partial<Patient> = {}): Patient {
	return {
		_id: docId('patient', key),
		type: 'patient',
		schemaVersion: SCHEMA_VERSION,
		createdAt: CREATED_AT,
		createdBy,
		deviceId: 'test-device',
		firstName: 'Erika',
		lastName: `Muster-${key}`,
		birthDate: '1941-03-02',
		sex: 'female',
		address: { street: 'Markt 1', postalCode: '07318', city: 'Saalfeld/Saale' },
		location: { lat: 50.648, lon: 11.367 },
		...overrides
	};
}

export function testObservation(key: string, createdBy: string, patientKey = 'p1'): Observation {
	return {
		_id: docId('observation', key),
		type: 'observation',
		schemaVersion: SCHEMA_VERSION,
		createdAt: CREATED_AT,
		createdBy,
		deviceId: 'test-device',
		patientId: docId('patient', patientKey),
		code: '8867-4',
		value: 60 + (key.length % 40),
		unit: '/min',
		effectiveAt: CREATED_AT
	};
}
