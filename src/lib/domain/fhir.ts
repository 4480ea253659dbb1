// FHIR R4 export of a patient's vital signs: a `collection` Bundle with the Patient and one
// Observation per current measurement (HL7 FHIR R4, Vital Signs profile, hl7.org/fhir/R4/observation-vitalsigns.html).
// Blood pressure is one Observation 85354-9 with systolic and diastolic components, as the
// profile requires.
import type * as fhir4 from 'fhir/r4';
import type { Observation, Patient } from './documents.ts';
import { VITAL_SIGNS, vitalSignByCode, type VitalSign } from './vital-signs.ts';

// ---- R4 types (@types/fhir), under the names this module uses -------------------------------
export type FhirBundle = fhir4.Bundle<fhir4.FhirResource>;
export type FhirBundleEntry = fhir4.BundleEntry<fhir4.FhirResource>;
export type FhirResource = fhir4.FhirResource;
export type FhirPatient = fhir4.Patient;
export type FhirObservation = fhir4.Observation;
export type FhirObservationComponent = fhir4.ObservationComponent;
export type FhirReference = fhir4.Reference;
export type FhirCodeableConcept = fhir4.CodeableConcept;
export type FhirQuantity = fhir4.Quantity;
export type FhirCoding = fhir4.Coding;

// ---- Terminology ----------------------------------------------------------------------------
export const LOINC_SYSTEM = 'http://loinc.org';
export const UCUM_SYSTEM = 'http://unitsofmeasure.org';
export const OBSERVATION_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/observation-category';
/** Blood pressure panel (LOINC), the code of the combined systolic/diastolic Observation. */
export const BLOOD_PRESSURE_PANEL = { code: '85354-9', display: 'Blood pressure panel with all children optional' } as const;
/** A FHIR id: letters, digits, `-` and `.`, 1–64 characters (R4 datatype `id`). */
export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * The Observation category of each sign. FHIR's vital-signs category covers the signs of the
 * Vital Signs profile; capillary glucose is a point-of-care laboratory value, GCS a finding of
 * the examination and the pain rating the patient's own report (a survey).
 */
const CATEGORY: Record<VitalSign['key'], 'vital-signs' | 'laboratory' | 'exam' | 'survey'> = {
	'heart-rate': 'vital-signs', 'respiratory-rate': 'vital-signs', spo2: 'vital-signs', temperature: 'vital-signs',
	systolic: 'vital-signs', diastolic: 'vital-signs', 'mean-arterial': 'vital-signs', weight: 'vital-signs',
	height: 'vital-signs', bmi: 'vital-signs', glucose: 'laboratory', gcs: 'exam', pain: 'survey'
};
const CATEGORY_DISPLAY = { 'vital-signs': 'Vital Signs', laboratory: 'Laboratory', exam: 'Exam', survey: 'Survey' } as const;

/** The R4 profile each sign conforms to (hl7.org/fhir/R4/observation-vitalsigns.html). */
const PROFILE_BASE = 'http://hl7.org/fhir/StructureDefinition/';
const PROFILE: Partial<Record<VitalSign['key'], string>> = {
	'heart-rate': 'heartrate', 'respiratory-rate': 'resprate', spo2: 'oxygensat', temperature: 'bodytemp',
	weight: 'bodyweight', height: 'bodyheight', bmi: 'bmi'
};
const BLOOD_PRESSURE_PROFILE = 'bp';

/** Readable unit for `valueQuantity.unit`; `code` keeps the UCUM code. */
const UNIT_DISPLAY: Record<string, string> = { '/min': '/min', '%': '%', Cel: '°C', 'mm[Hg]': 'mmHg', kg: 'kg', cm: 'cm', 'kg/m2': 'kg/m²', 'mg/dL': 'mg/dL', '{score}': 'score' };

/** How far back a chain of corrections is followed; a `replaces` cycle must not hang the export. */
const MAX_CORRECTIONS = 10;

/** `diverse` (German "divers") is FHIR's `other`, as the German base profiles map it. */
const GENDER: Record<Patient['sex'], NonNullable<FhirPatient['gender']>> = { female: 'female', male: 'male', diverse: 'other', unknown: 'unknown' };

// ---- Ids ------------------------------------------------------------------------------------

// FNV-1a, 32 bit (Fowler–Noll–Vo; constants from draft-eastlake-fnv): four lanes over the text
// with the lane number in front give 128 bits for stable ids and UUIDs. Not a security hash.
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnv1a32(text: string): number {
	let hash = FNV_OFFSET;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, FNV_PRIME);
	}
	return hash >>> 0;
}

function hash128(text: string): string {
	return [0, 1, 2, 3].map((lane) => fnv1a32(`${lane}\u0000${text}`).toString(16).padStart(8, '0')).join('');
}

/**
 * The FHIR id of a document: its key (the `_id` after `<type>:`) with `:` written as `.`, e.g.
 * `observation:P1:01J…` → `P1.01J…`. Keys that hold a `.` or other characters, or are too
 * long, become `h-` and a hash, so two documents never share an id.
 */
export function fhirIdOf(docId: string): string {
	const key = docId.slice(docId.indexOf(':') + 1);
	const dotted = key.replace(/:/g, '.');
	if (/^[A-Za-z0-9-]+(:[A-Za-z0-9-]+)*$/.test(key) && dotted.length <= 64) return dotted;
	return `h-${hash128(docId)}`;
}

/** A name-based UUID (version 8, RFC 9562) of a document: the same export gives the same URLs. */
export function uuidOf(docId: string): string {
	const hex = hash128(docId);
	const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

// ---- Mapping --------------------------------------------------------------------------------

export interface FhirExportOptions {
	/** FHIR server base; entries get `<baseUrl>/<Type>/<id>` URLs, else `urn:uuid:` ones. */
	baseUrl?: string;
	now: Date;
}

function loinc(code: string, display?: string): FhirCoding {
	return display === undefined ? { system: LOINC_SYSTEM, code } : { system: LOINC_SYSTEM, code, display };
}

function quantity(value: number, unit: string): FhirQuantity {
	return { value, unit: UNIT_DISPLAY[unit] ?? unit, system: UCUM_SYSTEM, code: unit };
}

function codeOf(observation: Observation, vital: VitalSign | undefined): FhirCodeableConcept {
	if (vital === undefined) return { coding: [loinc(observation.code)] };
	const extra = (vital.alsoCodedAs ?? []).map((c) => loinc(c.code, c.display));
	return { coding: [loinc(vital.loinc, vital.display), ...extra], text: vital.display };
}

function categoryOf(key: VitalSign['key']): FhirCodeableConcept[] {
	const code = CATEGORY[key];
	return [{ coding: [{ system: OBSERVATION_CATEGORY_SYSTEM, code, display: CATEGORY_DISPLAY[code] }], text: CATEGORY_DISPLAY[code] }];
}

function patientResource(patient: Patient): FhirPatient {
	return {
		resourceType: 'Patient',
		id: fhirIdOf(patient._id),
		name: [{ use: 'official', family: patient.lastName, given: [patient.firstName] }],
		gender: GENDER[patient.sex],
		birthDate: patient.birthDate,
		address: [{ use: 'home', line: [patient.address.street], postalCode: patient.address.postalCode, city: patient.address.city, country: 'DE' }]
	};
}

/** Observations still current: those no other observation `replaces`, of this patient, oldest first. */
function currentObservations(patientId: string, observations: readonly Observation[]): Observation[] {
	const replaced = new Set<string>();
	for (const observation of observations) if (observation.replaces !== undefined) replaced.add(observation.replaces);
	return observations
		.filter((o) => o.patientId === patientId && !replaced.has(o._id))
		.sort((a, b) => Date.parse(a.effectiveAt) - Date.parse(b.effectiveAt) || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
}

/**
 * The reading an observation belongs to. A correction without a `groupId` stays in the reading
 * of the observation it replaces, so a corrected diastolic still pairs with its systolic.
 */
function groupOf(observation: Observation, byId: ReadonlyMap<string, Observation>): string | undefined {
	let current: Observation | undefined = observation;
	for (let hops = 0; current !== undefined && hops < MAX_CORRECTIONS; hops++) {
		if (current.groupId !== undefined) return current.groupId;
		current = current.replaces === undefined ? undefined : byId.get(current.replaces);
	}
	return undefined;
}

/** Systolic `_id` → the diastolic of the same reading: the first of each per `groupId`. */
function pairBloodPressures(current: readonly Observation[], all: readonly Observation[]): Map<string, Observation> {
	const byId = new Map(all.map((o) => [o._id, o]));
	const groups = new Map<string, { systolic?: Observation; diastolic?: Observation }>();
	for (const observation of current) {
		const side = observation.code === VITAL_SIGNS.systolic.loinc ? 'systolic' : observation.code === VITAL_SIGNS.diastolic.loinc ? 'diastolic' : undefined;
		const group = side && groupOf(observation, byId);
		if (side === undefined || group === undefined) continue;
		const pair = groups.get(group) ?? {};
		pair[side] ??= observation;
		groups.set(group, pair);
	}
	const diastolicOf = new Map<string, Observation>();
	for (const { systolic, diastolic } of groups.values()) if (systolic && diastolic) diastolicOf.set(systolic._id, diastolic);
	return diastolicOf;
}

export function observationsToFhirBundle(patient: Patient, observations: Observation[], options: FhirExportOptions): FhirBundle {
	const base = options.baseUrl?.replace(/\/+$/, '');
	const fullUrl = (type: 'Patient' | 'Observation', docId: string) => (base ? `${base}/${type}/${fhirIdOf(docId)}` : `urn:uuid:${uuidOf(docId)}`);
	const patientUrl = fullUrl('Patient', patient._id);
	const subject: FhirReference = { reference: base ? `Patient/${fhirIdOf(patient._id)}` : patientUrl, display: `${patient.firstName} ${patient.lastName}` };

	const current = currentObservations(patient._id, observations);
	const diastolicOf = pairBloodPressures(current, observations);
	const pairedDiastolics = new Set([...diastolicOf.values()].map((o) => o._id));

	const entries: FhirBundleEntry[] = [{ fullUrl: patientUrl, resource: patientResource(patient) }];
	for (const observation of current) {
		if (pairedDiastolics.has(observation._id)) continue;
		const diastolic = diastolicOf.get(observation._id);
		const resource = diastolic ? bloodPressureResource(observation, diastolic, subject) : observationResource(observation, subject);
		entries.push({ fullUrl: fullUrl('Observation', observation._id), resource });
	}
	return { resourceType: 'Bundle', type: 'collection', timestamp: options.now.toISOString(), entry: entries };
}

function common(observation: Observation, subject: FhirReference): Pick<FhirObservation, 'resourceType' | 'id' | 'status' | 'subject' | 'effectiveDateTime' | 'device'> {
	return {
		resourceType: 'Observation',
		id: fhirIdOf(observation._id),
		status: 'final',
		subject,
		effectiveDateTime: observation.effectiveAt,
		...(observation.device && (observation.device.name || observation.device.id) ? { device: { display: observation.device.name || observation.device.id } } : {})
	};
}

function observationResource(observation: Observation, subject: FhirReference): FhirObservation {
	const vital = vitalSignByCode(observation.code);
	const profile = vital && PROFILE[vital.key];
	return {
		...common(observation, subject),
		...(profile ? { meta: { profile: [PROFILE_BASE + profile] } } : {}),
		...(vital ? { category: categoryOf(vital.key) } : {}),
		code: codeOf(observation, vital),
		valueQuantity: quantity(observation.value, observation.unit)
	};
}

/** Systolic and diastolic of one reading as the profile's blood pressure panel. */
function bloodPressureResource(systolic: Observation, diastolic: Observation, subject: FhirReference): FhirObservation {
	const component = (o: Observation, vital: VitalSign): FhirObservationComponent => ({
		code: { coding: [loinc(vital.loinc, vital.display)], text: vital.display },
		valueQuantity: quantity(o.value, o.unit)
	});
	return {
		...common(systolic, subject),
		meta: { profile: [PROFILE_BASE + BLOOD_PRESSURE_PROFILE] },
		category: categoryOf('systolic'),
		code: { coding: [loinc(BLOOD_PRESSURE_PANEL.code, BLOOD_PRESSURE_PANEL.display)], text: 'Blood pressure' },
		component: [component(systolic, VITAL_SIGNS.systolic), component(diastolic, VITAL_SIGNS.diastolic)]
	};
}
