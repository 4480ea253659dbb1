import { describe, expect, it } from 'vitest';
import { sampleDocument } from '../../../tests/support/documents.ts';
import { validateDocument } from './documents.ts';
import { DOC_TYPES } from './ids.ts';

/** The reason a document is refused, or 'ok'. */
function verdict(doc: unknown): string {
	const result = validateDocument(doc);
	return result.ok ? 'ok' : result.reason;
}

describe('validateDocument accepts good documents', () => {
	it.each(DOC_TYPES)('a complete %s', (type) => {
		expect(verdict(sampleDocument(type, 'good', 'anna'))).toBe('ok');
	});

	it('with CouchDB fields and fields of a newer app version', () => {
		const doc = {
			...sampleDocument('patient', 'p1', 'anna'),
			_rev: '2-abc',
			_revisions: { start: 2, ids: ['abc', 'def'] },
			_attachments: { 'foto.jpg': { content_type: 'image/jpeg', stub: true } },
			futureField: { anything: true }
		};
		expect(verdict(doc)).toBe('ok');
	});
});

describe('validateDocument refuses bad documents, naming the field', () => {
	const patient = () => sampleDocument('patient', 'p1', 'anna') as Record<string, unknown>;

	it.each([
		['a missing required field', () => ({ ...patient(), lastName: undefined }), 'lastName'],
		['an empty name', () => ({ ...patient(), firstName: '   ' }), 'firstName'],
		['a number where text belongs', () => ({ ...patient(), firstName: 42 }), 'firstName'],
		['a German-style date', () => ({ ...patient(), birthDate: '02.03.1941' }), 'birthDate'],
		['an impossible date', () => ({ ...patient(), birthDate: '1941-02-30' }), 'birthDate'],
		['a four-digit postal code', () => ({ ...patient(), address: { street: 'Markt 1', postalCode: '7318', city: 'Saalfeld' } }), 'address.postalCode'],
		['a latitude off the globe', () => ({ ...patient(), location: { lat: 95, lon: 11 } }), 'location.lat'],
		['a care level of 7', () => ({ ...patient(), careLevel: 7 }), 'careLevel'],
		['an _id of another type', () => ({ ...patient(), _id: 'visit:p1' }), '_id'],
		['an unknown schema version', () => ({ ...patient(), schemaVersion: 2 }), 'schemaVersion'],
		['a creation time that is no timestamp', () => ({ ...patient(), createdAt: 'gestern' }), 'createdAt']
	])('%s', (_case, make, field) => {
		const reason = verdict(make());
		expect(reason).not.toBe('ok');
		expect(reason).toContain(field);
	});

	it.each([
		['NaN', Number.NaN],
		['Infinity', Number.POSITIVE_INFINITY],
		['text', '72']
	])('an observation value of %s', (_name, value) => {
		expect(verdict({ ...sampleDocument('observation', 'o1', 'anna'), value })).toContain('value');
	});

	it('a LOINC code that is no LOINC code', () => {
		expect(verdict({ ...sampleDocument('observation', 'o1', 'anna'), code: 'heart rate' })).toContain('code');
	});

	it('a visit that ends before it starts', () => {
		expect(verdict({ ...sampleDocument('visit', 'v1', 'anna'), windowStart: '09:00', windowEnd: '08:00' })).toContain('windowEnd must be after windowStart');
	});

	it('a visit at 25:00', () => {
		expect(verdict({ ...sampleDocument('visit', 'v1', 'anna'), windowStart: '25:00' })).toContain('windowStart');
	});

	it('an FMS status of 12', () => {
		expect(verdict({ ...sampleDocument('status', 's1', 'anna'), status: 12 })).toContain('status');
	});

	it('an unknown type and things that are no document at all', () => {
		expect(verdict({ ...patient(), type: 'prescription' })).toContain('unknown document type "prescription"');
		for (const input of [null, [], 'patient', 42, undefined]) expect(verdict(input)).toBe('document must be a JSON object');
	});

	it('lists every problem, not only the first', () => {
		const result = validateDocument({ ...patient(), firstName: '', birthDate: 'x', sex: 'robot' });
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['firstName', 'birthDate', 'sex']));
	});
});

describe('observation fields of device readings', () => {
	const observation = () => sampleDocument('observation', 'o1', 'anna') as Record<string, unknown>;

	it('accepts a reading group, the unusual flag and the unit the device sent', () => {
		expect(verdict({ ...observation(), groupId: '01JDB7Z0000000000000000000', unusual: true, sourceUnit: 'kPa' })).toBe('ok');
		expect(verdict({ ...observation(), groupId: 'g'.repeat(64), unusual: false, sourceUnit: '[degF]' })).toBe('ok');
	});

	it.each([
		['a group id of 65 characters', { groupId: 'g'.repeat(65) }, 'groupId'],
		['an empty group id', { groupId: '' }, 'groupId'],
		['a group id that is a number', { groupId: 7 }, 'groupId'],
		['an unusual flag in words', { unusual: 'yes' }, 'unusual'],
		['an empty source unit', { sourceUnit: '' }, 'sourceUnit'],
		['a source unit with a space', { sourceUnit: 'mm Hg' }, 'sourceUnit'],
		['a source unit of 21 characters', { sourceUnit: 'x'.repeat(21) }, 'sourceUnit']
	])('refuses %s', (_case, change, field) => {
		const reason = verdict({ ...observation(), ...change });
		expect(reason).not.toBe('ok');
		expect(reason).toContain(field);
	});
});

describe('the subject of an observation', () => {
	const observation = () => sampleDocument('observation', 'o1', 'anna') as Record<string, unknown>;

	it('is a patient, or the patient of a rescue mission', () => {
		expect(verdict(observation())).toBe('ok');
		const { patientId: _patient, ...withoutPatient } = observation();
		expect(verdict({ ...withoutPatient, missionId: 'mission:m1' })).toBe('ok');
	});

	it('refuses an observation of nobody, and a mission id that is not one', () => {
		const { patientId: _patient, ...withoutPatient } = observation();
		expect(verdict(withoutPatient)).toContain('patientId or missionId is required');
		expect(verdict({ ...observation(), missionId: 'visit:v1' })).toContain('missionId');
	});
});

describe('alarm fields of a NEWS2 alarm', () => {
	const alarm = () => sampleDocument('alarm', 'a1', 'anna') as Record<string, unknown>;
	const ids = (n: number) => Array.from({ length: n }, (_, i) => `observation:p1:${i}`);

	it('accepts the observations it was raised from and the score of each parameter', () => {
		expect(verdict({ ...alarm(), observationIds: ids(20), news2: { respiratoryRate: 2, spo2: 1, airOrOxygen: 0, systolic: 1, pulse: 2, consciousness: 0, temperature: 1 } })).toBe('ok');
		expect(verdict({ ...alarm(), observationIds: [], news2: { pulse: 3 } })).toBe('ok');
	});

	it.each([
		['21 observation ids', { observationIds: ids(21) }, 'observationIds'],
		['an observation id that is a number', { observationIds: [42] }, 'observationIds.0'],
		['the id of a note', { observationIds: ['note:n1'] }, 'observationIds.0'],
		['ids as one string', { observationIds: 'observation:p1:1' }, 'observationIds'],
		['a parameter score of 4', { news2: { pulse: 4 } }, 'news2.pulse'],
		['a negative parameter score', { news2: { spo2: -1 } }, 'news2.spo2'],
		['half a point', { news2: { temperature: 1.5 } }, 'news2.temperature'],
		['a score in words', { news2: { systolic: '2' } }, 'news2.systolic'],
		['scores as a list', { news2: [2, 1] }, 'news2']
	])('refuses %s', (_case, change, field) => {
		const reason = verdict({ ...alarm(), ...change });
		expect(reason).not.toBe('ok');
		expect(reason).toContain(field);
	});
});
