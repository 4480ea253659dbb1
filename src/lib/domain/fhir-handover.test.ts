import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, type Mission, type Note, type Observation } from './documents.ts';
import type { FhirResource } from './fhir.ts';
import { handoverBundle } from './fhir-handover.ts';
import { buildHandover, type HandoverFormat } from './handover.ts';

// ---- Structural check of a FHIR R4 document Bundle (hl7.org/fhir/R4/documents.html,
// bundle.html bdl-9/bdl-10/bdl-11, composition.html cmp-1, observation.html, datatypes.html
// qty-3), written from the specification apart from the mapping, so a mistake in one is not
// repeated in the other.
const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const UUID_URN = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const COMPOSITION_STATUSES = ['preliminary', 'final', 'amended', 'entered-in-error'];
const OBSERVATION_STATUSES = ['registered', 'preliminary', 'final', 'amended', 'corrected', 'cancelled', 'entered-in-error', 'unknown'];
const EVENT_STATUSES = ['preparation', 'in-progress', 'not-done', 'on-hold', 'stopped', 'completed', 'entered-in-error', 'unknown'];
const UCUM = 'http://unitsofmeasure.org';

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const isConcept = (x: unknown) =>
	isObject(x) && ((Array.isArray(x.coding) && x.coding.length > 0 && x.coding.every((c) => isObject(c) && typeof c.system === 'string' && typeof c.code === 'string')) || typeof x.text === 'string');

/** Every `reference` string anywhere inside a resource, with its path. */
function references(value: unknown, path: string, found: [string, string][] = []): [string, string][] {
	if (Array.isArray(value)) value.forEach((item, i) => references(item, `${path}[${i}]`, found));
	else if (isObject(value)) {
		for (const [key, child] of Object.entries(value)) {
			if (key === 'reference' && typeof child === 'string') found.push([path, child]);
			else references(child, `${path}.${key}`, found);
		}
	}
	return found;
}

function quantityProblems(quantity: unknown, at: string): string[] {
	if (quantity === undefined) return [];
	if (!isObject(quantity) || typeof quantity.value !== 'number') return [`${at}: no value`];
	return quantity.system === UCUM && typeof quantity.code === 'string' ? [] : [`${at}: UCUM system and code required`];
}

/** Problems of a document Bundle; empty when it keeps the rules above. */
function validateBundleStructure(bundle: unknown): string[] {
	if (!isObject(bundle) || bundle.resourceType !== 'Bundle') return ['not a Bundle'];
	const problems: string[] = [];
	if (bundle.type !== 'document') problems.push('Bundle.type: not document');
	if (!isObject(bundle.identifier) || typeof bundle.identifier.system !== 'string' || typeof bundle.identifier.value !== 'string') problems.push('Bundle.identifier: system and value required (bdl-9)');
	if (typeof bundle.timestamp !== 'string' || !DATE_TIME.test(bundle.timestamp)) problems.push('Bundle.timestamp: required (bdl-10)');
	const entries = Array.isArray(bundle.entry) ? (bundle.entry as unknown[]) : [];
	if (entries.length === 0) return [...problems, 'Bundle.entry: empty'];

	// Where each entry can be reached: its fullUrl, and for RESTful ones also <Type>/<id>.
	const targets = new Set<string>();
	const fullUrls = new Set<string>();
	entries.forEach((entry, i) => {
		const at = `entry[${i}]`;
		if (!isObject(entry) || !isObject(entry.resource)) return problems.push(`${at}: no resource`);
		const { fullUrl, resource } = entry;
		if (typeof resource.id !== 'string' || !ID.test(resource.id)) problems.push(`${at}.resource.id: not a FHIR id`);
		if (typeof fullUrl !== 'string') return problems.push(`${at}.fullUrl: missing`);
		if (fullUrls.has(fullUrl)) problems.push(`${at}.fullUrl: not unique`);
		fullUrls.add(fullUrl);
		const restful = fullUrl.startsWith('http') && fullUrl.endsWith(`/${String(resource.resourceType)}/${String(resource.id)}`);
		if (!UUID_URN.test(fullUrl) && !restful) problems.push(`${at}.fullUrl: neither urn:uuid nor <base>/<type>/<id>`);
		targets.add(fullUrl);
		if (restful) targets.add(`${String(resource.resourceType)}/${String(resource.id)}`);
	});

	const first = isObject(entries[0]) && isObject(entries[0].resource) ? entries[0].resource : undefined;
	if (first?.resourceType !== 'Composition') problems.push('entry[0]: not a Composition');
	entries.forEach((entry, i) => {
		if (!isObject(entry) || !isObject(entry.resource)) return;
		const r = entry.resource;
		const at = `entry[${i}]`;
		for (const [path, reference] of references(r, at)) if (!targets.has(reference)) problems.push(`${path}: ${reference} does not resolve`);
		const subjectSet = isObject(r.subject) && typeof r.subject.reference === 'string';
		switch (r.resourceType) {
			case 'Composition': {
				if (i !== 0) problems.push(`${at}: Composition not first`);
				if (!COMPOSITION_STATUSES.includes(r.status as string)) problems.push(`${at}.status: missing or unknown`);
				if (!isConcept(r.type)) problems.push(`${at}.type: missing`);
				if (!subjectSet) problems.push(`${at}.subject: missing`);
				if (typeof r.date !== 'string' || !DATE_TIME.test(r.date)) problems.push(`${at}.date: missing`);
				if (!Array.isArray(r.author) || r.author.length === 0) problems.push(`${at}.author: missing`);
				if (typeof r.title !== 'string' || r.title.trim() === '') problems.push(`${at}.title: missing`);
				(Array.isArray(r.section) ? r.section : []).forEach((s: unknown, j: number) => {
					const text = isObject(s) && isObject(s.text) ? s.text : undefined;
					// cmp-1: text, entries or sub-sections; a narrative is an xhtml div.
					if (!isObject(s) || (text === undefined && !Array.isArray(s.entry) && !Array.isArray(s.section))) problems.push(`${at}.section[${j}]: empty`);
					if (text && (typeof text.div !== 'string' || !text.div.startsWith('<div xmlns="http://www.w3.org/1999/xhtml">') || !text.div.endsWith('</div>')))
						problems.push(`${at}.section[${j}].text.div: not an xhtml div`);
				});
				break;
			}
			case 'Observation':
				if (!OBSERVATION_STATUSES.includes(r.status as string)) problems.push(`${at}.status: missing or unknown`);
				if (!isConcept(r.code)) problems.push(`${at}.code: missing`);
				if (!subjectSet) problems.push(`${at}.subject: missing`);
				if (![r.effectiveDateTime, r.effectivePeriod, r.effectiveInstant, r.effectiveTiming].some((e) => e !== undefined)) problems.push(`${at}.effective[x]: missing`);
				problems.push(...quantityProblems(r.valueQuantity, `${at}.valueQuantity`));
				(Array.isArray(r.component) ? r.component : []).forEach((c: unknown, j: number) => problems.push(...quantityProblems(isObject(c) ? c.valueQuantity : {}, `${at}.component[${j}].valueQuantity`)));
				break;
			case 'MedicationAdministration':
				if (!EVENT_STATUSES.includes(r.status as string) || !subjectSet || !(isConcept(r.medicationCodeableConcept) || isObject(r.medicationReference)) || !(r.effectiveDateTime || r.effectivePeriod))
					problems.push(`${at}: status, medication[x], subject and effective[x] required`);
				break;
			case 'Procedure':
				if (!EVENT_STATUSES.includes(r.status as string) || !subjectSet) problems.push(`${at}: status and subject required`);
				break;
		}
	});
	return problems;
}

// ---- A realistic mission ------------------------------------------------------------------------

const MISSION_ID = 'mission:01JDB0MIS0000000000000000A';
const NOW = new Date('2026-11-24T11:00:00.000Z');
const t = (hhmm: string) => `2026-11-24T${hhmm}:00.000Z`;
const FORMAT: HandoverFormat = { number: (value, decimals) => value.toFixed(decimals).replace('.', ','), time: (at) => at.slice(11, 16) };

const mission: Mission = {
	_id: MISSION_ID, type: 'mission', schemaVersion: SCHEMA_VERSION, createdAt: t('09:59'), createdBy: 'leitstelle.k', deviceId: 'ils-console-2',
	keyword: 'RD 2 – Sturz <häuslich> & Atemnot', priority: 1, address: 'Markt 1, 07318 Saalfeld', state: 'active', unitId: 'RTW 1/83-1',
	alarmedAt: t('10:00'), patientContactAt: t('10:16'), patient: { name: 'Erika Muster', age: 84, sex: 'female' },
	care: { complaint: 'Atemnot', injuries: 'Prellmarke Hüfte links', abcde: { a: 'frei', b: 'Giemen' }, gcs: { eye: 4, verbal: 4, motor: 6 }, naca: 4 },
	destination: 'Thüringen-Kliniken Saalfeld'
};
let serial = 0;
function obs(code: string, value: number, unit: string, at: string, extra: Partial<Observation> = {}): Observation {
	serial++;
	return {
		_id: `observation:M:${String(serial).padStart(4, '0')}`, type: 'observation', schemaVersion: SCHEMA_VERSION, createdAt: at, createdBy: 'sani.b',
		deviceId: 'tablet-rtw-1', missionId: MISSION_ID, code, value, unit, effectiveAt: at, ...extra
	};
}
function note(kind: Note['kind'], text: string, at: string, extra: Partial<Note> = {}): Note {
	serial++;
	return { _id: `note:M:${String(serial).padStart(4, '0')}`, type: 'note', schemaVersion: SCHEMA_VERSION, createdAt: at, createdBy: 'sani.b', deviceId: 'tablet-rtw-1', missionId: MISSION_ID, text, kind, at, ...extra };
}
const observations = [
	obs('8867-4', 118, '/min', t('10:16')),
	obs('8867-4', 96, '/min', t('10:40')),
	obs('2708-6', 89, '%', t('10:16')),
	obs('8480-6', 150, 'mm[Hg]', t('10:17'), { groupId: 'g1' }),
	obs('8462-4', 90, 'mm[Hg]', t('10:17'), { groupId: 'g1' }),
	obs('8310-5', 37.2, 'Cel', t('10:18')),
	obs('8867-4', 60, '/min', t('10:20'), { missionId: 'mission:other' })
];
const notes = [note('measure', 'Oberkörperhochlagerung', t('10:18')), note('medication', 'Salbutamol', t('10:25'), { dose: '2,5 mg vernebelt' }), note('text', 'Tochter informiert', t('10:30'))];
const summary = buildHandover(mission, observations, notes, NOW);
const bundle = handoverBundle(mission, summary, observations, notes, { now: NOW, format: FORMAT });
const resources = (bundle.entry ?? []).map((e) => e.resource);
const ofType = <T extends FhirResource['resourceType']>(type: T) => resources.filter((r): r is Extract<FhirResource, { resourceType: T }> => r?.resourceType === type);

describe('handoverBundle', () => {
	it('is a valid document Bundle', () => {
		expect(validateBundleStructure(bundle)).toEqual([]);
		expect(JSON.parse(JSON.stringify(bundle))).toEqual(bundle); // plain JSON, nothing lost on the wire
	});

	it('opens with a final transfer summary Composition titled with the keyword, then the Patient', () => {
		const [composition, patient] = resources;
		expect(composition).toMatchObject({ resourceType: 'Composition', status: 'final', date: NOW.toISOString(), title: 'Übergabe – RD 2 – Sturz <häuslich> & Atemnot' });
		expect(composition?.resourceType === 'Composition' && composition.type.coding?.[0]).toMatchObject({ system: 'http://loinc.org', code: '18761-7' });
		expect(patient).toMatchObject({ resourceType: 'Patient', name: [{ text: 'Erika Muster' }], gender: 'female' });
		expect(patient).not.toHaveProperty('birthDate');
	});

	it('has the sections M, I, S, T with escaped narrative, S and T referencing their resources', () => {
		const composition = resources[0];
		if (composition?.resourceType !== 'Composition') throw new Error('no Composition');
		const sections = composition.section ?? [];
		expect(sections.map((s) => s.title?.[0])).toEqual(['M', 'I', 'S', 'T']);
		expect(sections[0].text?.div).toContain('RD 2 – Sturz &lt;häuslich&gt; &amp; Atemnot');
		expect(sections[1].text?.div).toContain('Prellmarke Hüfte links');
		expect(sections[2].text?.div).toContain('<p>Puls: 118/min (10:16) → 96/min (10:40), fallend</p>');
		const urlOf = new Map((bundle.entry ?? []).map((e) => [e.resource, e.fullUrl]));
		const referenced = (i: number) => (sections[i].entry ?? []).map((r) => r.reference);
		for (const observation of ofType('Observation').filter((o) => o.code.coding?.[0].code !== '30525-0'))
			expect(referenced(2)).toContain(urlOf.get(observation));
		expect(referenced(3)).toEqual([...ofType('Procedure'), ...ofType('MedicationAdministration')].map((r) => urlOf.get(r)));
	});

	it('maps the mission’s observations as fhir.ts does, about this patient; other missions’ are left out', () => {
		const codes = ofType('Observation').map((o) => o.code.coding?.[0].code);
		// Two heart rates, SpO2, one blood pressure panel, temperature, the GCS of the care block, the age.
		expect(codes.sort()).toEqual(['2708-6', '30525-0', '8310-5', '85354-9', '8867-4', '8867-4', '9269-2'].sort());
		const patientUrl = bundle.entry?.[1].fullUrl;
		for (const o of ofType('Observation')) expect(o.subject?.reference).toBe(patientUrl);
		const gcs = ofType('Observation').find((o) => o.code.coding?.[0].code === '9269-2');
		expect(gcs).toMatchObject({ valueQuantity: { value: 14, code: '{score}' } });
		expect(gcs?.component?.map((c) => [c.code.coding?.[0].code, c.valueQuantity?.value])).toEqual([['9267-6', 4], ['9270-0', 4], ['9268-4', 6]]);
	});

	it('gives measures as Procedures and drugs as MedicationAdministrations with dose', () => {
		expect(ofType('Procedure')).toMatchObject([{ status: 'completed', code: { text: 'Oberkörperhochlagerung' }, performedDateTime: t('10:18') }]);
		expect(ofType('MedicationAdministration')).toMatchObject([{ status: 'completed', medicationCodeableConcept: { text: 'Salbutamol' }, effectiveDateTime: t('10:25'), dosage: { text: '2,5 mg vernebelt' } }]);
	});

	it('with a base URL, uses RESTful full URLs that still resolve', () => {
		const restful = handoverBundle(mission, summary, observations, notes, { now: NOW, baseUrl: 'https://fhir.example.org/r4/' });
		expect(validateBundleStructure(restful)).toEqual([]);
		expect(restful.entry?.every((e) => e.fullUrl?.startsWith('https://fhir.example.org/r4/'))).toBe(true);
	});

	it('an unnamed patient without care data still makes a valid document', () => {
		const bare: Mission = { ...mission, patient: undefined, care: undefined, unitId: undefined };
		const doc = handoverBundle(bare, buildHandover(bare, [], [], NOW), [], [], { now: NOW });
		expect(validateBundleStructure(doc)).toEqual([]);
		expect(doc.entry?.[1].resource).toEqual({ resourceType: 'Patient', id: expect.any(String) });
	});

	it('the same export gives the same document; a later one is a new document', () => {
		expect(handoverBundle(mission, summary, observations, notes, { now: NOW, format: FORMAT })).toEqual(bundle);
		const later = handoverBundle(mission, summary, observations, notes, { now: new Date(NOW.getTime() + 60_000), format: FORMAT });
		expect(later.identifier?.value).not.toBe(bundle.identifier?.value);
	});
});

describe('validateBundleStructure catches a broken bundle', () => {
	const broken = (change: (b: Json & { entry: Json[] }) => void) => {
		const copy = structuredClone(bundle) as unknown as Json & { entry: Json[] };
		change(copy);
		return validateBundleStructure(copy);
	};
	const resourceOf = (b: { entry: Json[] }, type: string) => b.entry.map((e) => e.resource as Json).find((r) => r.resourceType === type) as Json;

	it('a missing Patient leaves references dangling', () => {
		expect(broken((b) => b.entry.splice(1, 1)).filter((p) => p.includes('does not resolve')).length).toBeGreaterThan(5);
	});
	it('the Composition not first', () => {
		expect(broken((b) => b.entry.reverse())).toContain('entry[0]: not a Composition');
	});
	it('a repeated or non-UUID fullUrl', () => {
		expect(broken((b) => (b.entry[2].fullUrl = b.entry[1].fullUrl))).toContain('entry[2].fullUrl: not unique');
		expect(broken((b) => (b.entry[1].fullUrl = 'urn:uuid:not-a-uuid'))).toContain('entry[1].fullUrl: neither urn:uuid nor <base>/<type>/<id>');
	});
	it('Composition fields missing', () => {
		const problems = broken((b) => {
			const composition = b.entry[0].resource as Json;
			delete composition.title;
			delete composition.date;
			composition.author = [];
		});
		expect(problems).toEqual(['entry[0].date: missing', 'entry[0].author: missing', 'entry[0].title: missing']);
	});
	it('an Observation without effective time, or a quantity without UCUM', () => {
		expect(broken((b) => delete resourceOf(b, 'Observation').effectiveDateTime).some((p) => p.endsWith('effective[x]: missing'))).toBe(true);
		expect(broken((b) => delete (resourceOf(b, 'Observation').valueQuantity as Json).system).some((p) => p.endsWith('valueQuantity: UCUM system and code required'))).toBe(true);
	});
	it('a bundle of another type, or without identifier', () => {
		expect(broken((b) => (b.type = 'collection'))).toContain('Bundle.type: not document');
		expect(broken((b) => delete b.identifier)).toContain('Bundle.identifier: system and value required (bdl-9)');
	});
});
