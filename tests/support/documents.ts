// Valid documents for tests, built the way the app builds them.
import { docId, observationsOfDocuments, SCHEMA_VERSION, type DocType, type FieldDocument, type Observation, type ObservationSet, type Patient, type Visit } from '../../src/lib/domain/index.ts';

/**
 * An hour before the test run: inside every retention window (issue 12), so a device that pulls
 * these documents from scratch gets them whatever day the tests run.
 */
const CREATED_AT = new Date(Date.now() - 60 * 60_000).toISOString();
const CREATED_ON = CREATED_AT.slice(0, 10);

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

/**
 * A planned visit on `date` of patient `patientKey`, open from 00:30 to 23:30 so that no time of day
 * a test runs at makes it late; `overrides` for the rest (assignedTo, windows, status …).
 */
export function testVisit(key: string, createdBy: string, fields: { date: string; patientKey: string; createdAt?: string } & Partial<Visit>): Visit {
	const { patientKey, createdAt = new Date().toISOString(), ...overrides } = fields;
	return {
		_id: docId('visit', key),
		type: 'visit',
		schemaVersion: SCHEMA_VERSION,
		createdAt,
		createdBy,
		deviceId: 'test-device',
		patientId: docId('patient', patientKey),
		windowStart: '00:30',
		windowEnd: '23:30',
		windowKind: 'preferred',
		durationMin: 15,
		tasks: ['Grundpflege'],
		priority: 2,
		status: 'planned',
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

/** A set of a pulse and an SpO₂ value of patient `patientKey`, as the app saves one vitals round. */
export function testObservationSet(key: string, createdBy: string, patientKey = 'p1'): ObservationSet {
	return {
		_id: docId('observationSet', `${patientKey}:${key}`),
		type: 'observationSet',
		schemaVersion: SCHEMA_VERSION,
		createdAt: CREATED_AT,
		createdBy,
		deviceId: 'test-device',
		patientId: docId('patient', patientKey),
		effectiveAt: CREATED_AT,
		members: [
			{ code: '8867-4', value: 60 + (key.length % 40), unit: '/min', effectiveAt: CREATED_AT },
			{ code: '2708-6', value: 96, unit: '%', effectiveAt: CREATED_AT }
		]
	};
}

/**
 * A valid document of every type, for tests that go through all of them. `owner` is whose it is:
 * the nurse of a tour or a visit, the unit of a mission or a status press.
 */
export function sampleDocument(type: DocType, key: string, createdBy: string, owner = createdBy): FieldDocument {
	const meta = { _id: docId(type, key), schemaVersion: SCHEMA_VERSION, createdAt: CREATED_AT, createdBy, deviceId: 'test-device' } as const;
	const patientId = docId('patient', 'p1');
	switch (type) {
		case 'patient':
			return testPatient(key, createdBy);
		case 'observation':
			return testObservation(key, createdBy);
		case 'observationSet':
			return testObservationSet(key, createdBy);
		case 'visit':
			return { ...meta, type, patientId, date: CREATED_ON, windowStart: '07:00', windowEnd: '08:00', windowKind: 'hard', durationMin: 15, tasks: ['Insulingabe'], priority: 1, status: 'planned', assignedTo: owner };
		case 'tour':
			return { ...meta, type, date: CREATED_ON, nurse: owner, visitIds: [], shiftStart: '06:00', shiftEnd: '14:00' };
		case 'note':
			return { ...meta, type, patientId, text: 'Patientin wach und orientiert.' };
		case 'mission':
			return { ...meta, type, keyword: 'RD 2 – Atemnot', priority: 1, address: 'Markt 1, 07318 Saalfeld', state: 'assigned', unitId: owner, alarmedAt: CREATED_AT };
		case 'status':
			return { ...meta, type, unitId: owner, status: 3, at: CREATED_AT };
		case 'handover':
			return { ...meta, type, missionId: docId('mission', 'm1'), mechanism: 'Sturz', injuries: 'keine', signs: 'stabil', treatment: 'keine', hospital: 'Saalfeld' };
		case 'alarm':
			return { ...meta, type, kind: 'news2', severity: 'high', message: 'NEWS2 7', score: 7 };
		case 'consult':
			return { ...meta, type, patientId, reason: 'Blutdruck 190/110, Kopfschmerz', urgency: 'heute', requestedAt: CREATED_AT, vitals: [{ code: '8480-6', value: 190, unit: 'mm[Hg]', effectiveAt: CREATED_AT }], news2Score: 3 };
		case 'order':
			return { ...meta, type, consultId: docId('consult', 'c1'), patientId, kind: 'medication', substance: 'Amlodipin', dose: '5 mg', route: 'po' };
		case 'orderResponse':
			return { ...meta, type, orderId: docId('order', 'o1'), consultId: docId('consult', 'c1'), outcome: 'done', doneAt: CREATED_AT };
	}
}

/** A database as the tests read it: the server's storage or a PouchDB client. */
interface DocumentsReader {
	allDocs(options: { startkey: string; endkey: string; include_docs: true }): Promise<{ rows: { doc?: unknown }[] }>;
}

/** The observations a database holds — of one subject key (`p002` of `patient:p002`), or all — single and in sets, as the app reads them. */
export async function storedObservations(db: DocumentsReader, subjectKey?: string): Promise<Observation[]> {
	const prefixes = ['observation:', 'observationSet:'].map((prefix) => (subjectKey === undefined ? prefix : `${prefix}${subjectKey}:`));
	const results = await Promise.all(prefixes.map((prefix) => db.allDocs({ startkey: prefix, endkey: `${prefix}\ufff0`, include_docs: true })));
	return observationsOfDocuments(results.flatMap((result) => result.rows.flatMap((row) => (row.doc ? [row.doc as Observation | ObservationSet] : []))));
}
