import { describe, expect, it } from 'vitest';
import { testPatient } from '../../../tests/support/documents.ts';
import { SCHEMA_VERSION, type Observation } from './documents.ts';
import { observationsToFhirBundle, type FhirBundle, type FhirObservation } from './fhir.ts';

// ---- A light structural check of what R4 requires (hl7.org/fhir/R4), written apart from the
// mapping so that a mistake in one is not repeated in the other.
const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const UUID_URN = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const BUNDLE_TYPES = ['document', 'message', 'transaction', 'transaction-response', 'batch', 'batch-response', 'history', 'searchset', 'collection'];
const OBSERVATION_STATUSES = ['registered', 'preliminary', 'final', 'amended', 'corrected', 'cancelled', 'entered-in-error', 'unknown'];
const GENDERS = ['male', 'female', 'other', 'unknown'];

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

function codeableConceptProblems(concept: unknown, at: string): string[] {
	if (!isObject(concept)) return [`${at}: missing`];
	const codings = concept.coding;
	if (!Array.isArray(codings) || codings.length === 0) return concept.text ? [] : [`${at}: neither coding nor text`];
	return codings.flatMap((coding, i) => (isObject(coding) && typeof coding.system === 'string' && typeof coding.code === 'string' ? [] : [`${at}.coding[${i}]: system and code required`]));
}

function quantityProblems(quantity: unknown, at: string): string[] {
	if (!isObject(quantity)) return [`${at}: missing`];
	const problems: string[] = [];
	if (typeof quantity.value !== 'number' || !Number.isFinite(quantity.value)) problems.push(`${at}.value: not a number`);
	// qty-3: a coded unit needs its system.
	if (quantity.system !== 'http://unitsofmeasure.org' || typeof quantity.code !== 'string') problems.push(`${at}: UCUM system and code required`);
	return problems;
}

/** Problems of a Bundle against the R4 rules this export must keep; empty when it keeps them. */
function fhirProblems(bundle: unknown): string[] {
	if (!isObject(bundle) || bundle.resourceType !== 'Bundle') return ['not a Bundle'];
	const problems: string[] = [];
	if (!BUNDLE_TYPES.includes(bundle.type as string)) problems.push('Bundle.type: missing or unknown');
	if (!Array.isArray(bundle.entry)) return [...problems, 'Bundle.entry: missing'];
	const entries = bundle.entry as unknown[];
	const fullUrls = new Set<string>();
	const patientRefs = new Set<string>();
	for (const entry of entries) {
		if (isObject(entry) && isObject(entry.resource) && entry.resource.resourceType === 'Patient') {
			patientRefs.add(entry.fullUrl as string).add(`Patient/${entry.resource.id as string}`);
		}
	}
	entries.forEach((entry, i) => {
		const at = `entry[${i}]`;
		if (!isObject(entry) || !isObject(entry.resource)) return problems.push(`${at}: no resource`);
		const resource = entry.resource;
		const fullUrl = entry.fullUrl;
		if (typeof fullUrl !== 'string') problems.push(`${at}.fullUrl: missing`);
		else {
			if (fullUrls.has(fullUrl)) problems.push(`${at}.fullUrl: not unique`);
			fullUrls.add(fullUrl);
			// A RESTful fullUrl ends in <type>/<id> of its resource.
			const restful = fullUrl.startsWith('http') && fullUrl.endsWith(`/${resource.resourceType as string}/${resource.id as string}`);
			if (!UUID_URN.test(fullUrl) && !restful) problems.push(`${at}.fullUrl: neither a urn:uuid nor <base>/<type>/<id>`);
		}
		if (typeof resource.id !== 'string' || !ID.test(resource.id)) problems.push(`${at}.id: not a FHIR id`);
		if (resource.resourceType === 'Patient') {
			if (resource.gender !== undefined && !GENDERS.includes(resource.gender as string)) problems.push(`${at}.gender: unknown`);
			if (resource.birthDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(resource.birthDate as string)) problems.push(`${at}.birthDate: not a date`);
		} else if (resource.resourceType === 'Observation') {
			if (!OBSERVATION_STATUSES.includes(resource.status as string)) problems.push(`${at}.status: missing or unknown`);
			problems.push(...codeableConceptProblems(resource.code, `${at}.code`));
			if (!isObject(resource.subject) || !patientRefs.has(resource.subject.reference as string)) problems.push(`${at}.subject: does not resolve to the Patient`);
			if (typeof resource.effectiveDateTime !== 'string' || !DATE_TIME.test(resource.effectiveDateTime)) problems.push(`${at}.effectiveDateTime: missing or no dateTime`);
			if (resource.category !== undefined) {
				if (!Array.isArray(resource.category)) problems.push(`${at}.category: not a list`);
				else resource.category.forEach((c, j) => problems.push(...codeableConceptProblems(c, `${at}.category[${j}]`)));
			}
			const components = resource.component;
			// vs-2: a vital sign has a value or components.
			if (resource.valueQuantity === undefined && !Array.isArray(components)) problems.push(`${at}: neither value nor components`);
			if (resource.valueQuantity !== undefined) problems.push(...quantityProblems(resource.valueQuantity, `${at}.valueQuantity`));
			if (Array.isArray(components)) {
				components.forEach((component, j) => {
					if (!isObject(component)) return problems.push(`${at}.component[${j}]: not an object`);
					problems.push(...codeableConceptProblems(component.code, `${at}.component[${j}].code`));
					problems.push(...quantityProblems(component.valueQuantity, `${at}.component[${j}].valueQuantity`));
				});
			}
		} else problems.push(`${at}: unexpected ${String(resource.resourceType)}`);
	});
	return problems;
}

// ---- Fixtures ---------------------------------------------------------------------------------

const NOW = new Date('2026-11-24T12:00:00.000Z');
const patient = testPatient('01JDB0PAT0000000000000000A', 'anna');
const UNITS: Record<string, string> = { '8867-4': '/min', '9279-1': '/min', '2708-6': '%', '8310-5': 'Cel', '8480-6': 'mm[Hg]', '8462-4': 'mm[Hg]', '8478-0': 'mm[Hg]', '29463-7': 'kg', '41653-7': 'mg/dL', '9269-2': '{score}', '72514-3': '{score}' };
let serial = 0;
function obs(code: string, value: number, extra: Partial<Observation> = {}): Observation {
	serial++;
	return {
		_id: `observation:01JDB0PAT0000000000000000A:01JDB0OBS00000000000000${String(serial).padStart(3, '0')}`,
		type: 'observation',
		schemaVersion: SCHEMA_VERSION,
		createdAt: '2026-11-24T09:00:00.000Z',
		createdBy: 'anna',
		deviceId: 'tablet-1',
		patientId: patient._id,
		code,
		value,
		unit: UNITS[code] ?? '1',
		effectiveAt: new Date(Date.parse('2026-11-24T08:00:00.000Z') + serial * 60_000).toISOString(),
		...extra
	};
}

const cuff = { name: 'Beurer BM 54', id: 'AA:BB:CC:DD:EE:01' };
const heartRateTypo = obs('8867-4', 182);
const systolic1 = obs('8480-6', 128, { groupId: 'g1', device: cuff });
const diastolic1 = obs('8462-4', 84, { groupId: 'g1', device: cuff });
const mean1 = obs('8478-0', 99, { groupId: 'g1', device: cuff });
const pulse1 = obs('8867-4', 76, { groupId: 'g1', device: cuff });
const systolic2 = obs('8480-6', 142, { groupId: 'g2' });
const diastolic2Typo = obs('8462-4', 9, { groupId: 'g2' });
const OBSERVATIONS: Observation[] = [
	heartRateTypo,
	obs('8867-4', 82, { replaces: heartRateTypo._id }),
	obs('9279-1', 18),
	obs('2708-6', 95, { device: { name: 'Nonin 3230', id: 'n1' } }),
	obs('8310-5', 37.6),
	systolic1,
	diastolic1,
	mean1,
	pulse1,
	systolic2,
	diastolic2Typo,
	// The correction of a typed diastolic carries no groupId: it stays in the reading it corrects.
	obs('8462-4', 90, { replaces: diastolic2Typo._id }),
	obs('8480-6', 135, { groupId: 'g3' }), // no diastolic measured
	obs('29463-7', 71.4),
	obs('41653-7', 132),
	obs('9269-2', 15),
	obs('72514-3', 2),
	obs('8867-4', 64, { patientId: 'patient:someone-else' })
];
// 1 Patient + HR, RR, SpO2, temp, BP g1 (one), MAP, pulse g1, BP g2 (one), lone systolic, weight, glucose, GCS, pain.
const EXPECTED_OBSERVATIONS = 13;

const observationsIn = (bundle: FhirBundle) => (bundle.entry ?? []).flatMap((e) => (e.resource?.resourceType === 'Observation' ? [e.resource] : []));
const coded = (bundle: FhirBundle, code: string) => observationsIn(bundle).filter((o) => o.code.coding?.some((c) => c.code === code));
const valueOf = (o: FhirObservation, code: string) => o.component?.find((c) => c.code.coding?.[0].code === code)?.valueQuantity?.value;

describe('observationsToFhirBundle', () => {
	const bundle = observationsToFhirBundle(patient, OBSERVATIONS, { now: NOW });

	it('is a collection with the patient first and one entry per current measurement', () => {
		expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection', timestamp: NOW.toISOString() });
		expect(bundle.entry).toHaveLength(1 + EXPECTED_OBSERVATIONS);
		expect(bundle.entry?.[0].resource).toMatchObject({
			resourceType: 'Patient',
			name: [{ family: patient.lastName, given: [patient.firstName] }],
			gender: 'female',
			birthDate: '1941-03-02',
			address: [{ line: ['Markt 1'], postalCode: '07318', city: 'Saalfeld/Saale', country: 'DE' }]
		});
	});

	it('passes the structural check', () => {
		expect(fhirProblems(bundle)).toEqual([]);
	});

	it('gives every vital sign the vital-signs category, its LOINC code and a UCUM quantity', () => {
		const vitalCodes = ['8867-4', '9279-1', '2708-6', '8310-5', '85354-9', '8478-0', '8480-6', '29463-7'];
		for (const code of vitalCodes) {
			const found = coded(bundle, code);
			expect(found.length, code).toBeGreaterThan(0);
			for (const o of found) {
				expect(o.status).toBe('final');
				expect(o.category).toEqual([expect.objectContaining({ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs', display: 'Vital Signs' }] })]);
				expect(o.code.coding?.[0]).toMatchObject({ system: 'http://loinc.org', code, display: expect.any(String) });
				const quantities = o.valueQuantity ? [o.valueQuantity] : (o.component ?? []).map((c) => c.valueQuantity);
				for (const q of quantities) expect(q).toMatchObject({ value: expect.any(Number), system: 'http://unitsofmeasure.org', code: UNITS[code] ?? 'mm[Hg]' });
			}
		}
	});

	it('files glucose, GCS and pain under the categories FHIR gives them, not vital-signs', () => {
		const categoryOf = (code: string) => coded(bundle, code)[0].category?.[0].coding?.[0].code;
		expect(categoryOf('41653-7')).toBe('laboratory');
		expect(categoryOf('9269-2')).toBe('exam');
		expect(categoryOf('72514-3')).toBe('survey');
		expect(coded(bundle, '41653-7')[0].valueQuantity).toEqual({ value: 132, unit: 'mg/dL', system: 'http://unitsofmeasure.org', code: 'mg/dL' });
	});

	it('writes the blood pressure of one reading as one panel with systolic and diastolic components', () => {
		const panels = coded(bundle, '85354-9');
		expect(panels).toHaveLength(2);
		for (const panel of panels) {
			expect(panel.valueQuantity).toBeUndefined();
			expect(panel.component?.map((c) => c.code.coding?.[0].code)).toEqual(['8480-6', '8462-4']);
		}
		expect([valueOf(panels[0], '8480-6'), valueOf(panels[0], '8462-4')]).toEqual([128, 84]);
		expect(panels[0].device).toEqual({ display: 'Beurer BM 54' });
		expect(panels[0].meta?.profile).toEqual(['http://hl7.org/fhir/StructureDefinition/bp']);
		// The corrected diastolic pairs with its systolic.
		expect([valueOf(panels[1], '8480-6'), valueOf(panels[1], '8462-4')]).toEqual([142, 90]);
		// Mean and pulse of the same reading stay observations of their own; a lone systolic too.
		expect(coded(bundle, '8478-0').map((o) => o.valueQuantity?.value)).toEqual([99]);
		expect(coded(bundle, '8480-6').filter((o) => o.valueQuantity).map((o) => o.valueQuantity?.value)).toEqual([135]);
		expect(coded(bundle, '8462-4').filter((o) => o.valueQuantity)).toEqual([]);
	});

	it('codes SpO2 as 2708-6 and 59408-5 (pulse oximetry), with the device', () => {
		const [spo2] = coded(bundle, '2708-6');
		expect(spo2.code.coding?.map((c) => c.code)).toEqual(['2708-6', '59408-5']);
		expect(spo2.device).toEqual({ display: 'Nonin 3230' });
	});

	it('leaves out superseded observations and those of other patients', () => {
		const heartRates = coded(bundle, '8867-4').map((o) => o.valueQuantity?.value ?? 0);
		expect(heartRates.sort((a, b) => a - b)).toEqual([76, 82]);
		const ids = observationsIn(bundle).map((o) => o.id);
		expect(ids).not.toContain(heartRateTypo._id.slice('observation:'.length).replace(/:/g, '.'));
		expect(JSON.stringify(bundle)).not.toContain('"value":9,');
	});

	it('maps the document ids to unique FHIR ids and stable urn:uuid URLs', () => {
		const ids = (bundle.entry ?? []).map((e) => e.resource?.id ?? '');
		for (const id of ids) expect(id).toMatch(ID);
		expect(new Set(ids).size).toBe(ids.length);
		expect(bundle.entry?.[0].resource?.id).toBe('01JDB0PAT0000000000000000A');
		expect(observationsToFhirBundle(patient, OBSERVATIONS, { now: NOW })).toEqual(bundle);
		for (const o of observationsIn(bundle)) expect(o.subject?.reference).toBe(bundle.entry?.[0].fullUrl);
	});

	it('gives ids that hold characters FHIR does not allow a hash, without collisions', () => {
		const odd = [obs('8867-4', 70, { _id: 'observation:p_1:a.b' }), obs('8867-4', 71, { _id: 'observation:p_1:a:b' }), obs('8867-4', 72, { _id: `observation:${'x'.repeat(80)}` })];
		const result = observationsToFhirBundle(patient, odd, { now: NOW });
		const ids = observationsIn(result).map((o) => o.id ?? '');
		expect(ids).toHaveLength(3);
		for (const id of ids) expect(id).toMatch(ID);
		expect(new Set(ids).size).toBe(3);
		expect(fhirProblems(result)).toEqual([]);
	});

	it('with a base URL, writes <base>/<type>/<id> URLs and relative references', () => {
		const restful = observationsToFhirBundle(patient, OBSERVATIONS, { now: NOW, baseUrl: 'https://fhir.example.org/r4/' });
		expect(restful.entry?.[0].fullUrl).toBe('https://fhir.example.org/r4/Patient/01JDB0PAT0000000000000000A');
		expect(observationsIn(restful)[0].subject?.reference).toBe('Patient/01JDB0PAT0000000000000000A');
		expect(fhirProblems(restful)).toEqual([]);
	});
});

describe('the structural check itself', () => {
	const good = () => structuredClone(observationsToFhirBundle(patient, OBSERVATIONS, { now: NOW })) as unknown as Json & { entry: Json[] };

	it.each([
		['a missing status', (b: ReturnType<typeof good>) => delete (b.entry[1].resource as Json).status, 'status'],
		['a quantity without UCUM', (b: ReturnType<typeof good>) => ((b.entry[2].resource as Json).valueQuantity = { value: 18, unit: '/min' }), 'UCUM'],
		['an id with a colon', (b: ReturnType<typeof good>) => ((b.entry[3].resource as Json).id = 'observation:x'), 'FHIR id'],
		['a subject pointing nowhere', (b: ReturnType<typeof good>) => ((b.entry[4].resource as Json).subject = { reference: 'Patient/nobody' }), 'subject'],
		['a duplicate fullUrl', (b: ReturnType<typeof good>) => (b.entry[5].fullUrl = b.entry[4].fullUrl), 'not unique'],
		['an unknown bundle type', (b: ReturnType<typeof good>) => (b.type = 'pile'), 'Bundle.type']
	])('finds %s', (_case, breakIt, problem) => {
		const bundle = good();
		breakIt(bundle);
		expect(fhirProblems(bundle).join('\n')).toContain(problem);
	});
});
