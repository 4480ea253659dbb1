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
