// The handover as a FHIR R4 document (hl7.org/fhir/R4/documents.html): a Bundle of type
// `document` whose first entry is a Composition, followed by every resource it references. The
// Composition is a LOINC 18761-7 "Transfer summary note" (the code of the C-CDA transfer
// summary and of HL7's TransferDocumentType value set) with the four MIST sections.
import type * as fhir4 from 'fhir/r4';
import { SCHEMA_VERSION, type Mission, type Note, type Observation, type Patient } from './documents.ts';
import { consultFhirEntries } from './fhir-consult.ts';
import { fhirIdOf, LOINC_SYSTEM, OBSERVATION_CATEGORY_SYSTEM, observationsToFhirBundle, UCUM_SYSTEM, uuidOf, type FhirBundle, type FhirBundleEntry, type FhirExportOptions, type FhirObservation, type FhirReference } from './fhir.ts';
import { GCS_LOINC } from './gcs.ts';
import { handoverText, type HandoverFormat, type HandoverSummary } from './handover.ts';
import type { ConsultDocuments } from './mission-timeline.ts';

export const TRANSFER_SUMMARY_NOTE = { code: '18761-7', display: 'Transfer summary note' } as const;
/** LOINC 30525-0 Age, in UCUM years (`a`): the mission patient's age when no birth date is known. */
export const AGE_OBSERVATION = { code: '30525-0', display: 'Age' } as const;
/** RFC 3986 URIs as identifiers; a document Bundle needs an identifier (bdl-9). */
const URI_SYSTEM = 'urn:ietf:rfc:3986';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';

type Section = 'M' | 'I' | 'S' | 'T';
/**
 * Section titles (German, the document's language) and LOINC section codes from the FHIR
 * document-section value set: M is the reason for the mission (chief complaint), I the injuries
 * found (physical findings), S the vital signs. No single LOINC section holds both procedures
 * and drugs given, so T carries text only.
 */
const SECTIONS: Readonly<Record<Section, { title: string; loinc?: { code: string; display: string } }>> = {
	M: { title: 'M – Mechanismus / Erkrankung', loinc: { code: '10154-3', display: 'Chief complaint Narrative - Reported' } },
	I: { title: 'I – Verletzungen', loinc: { code: '29545-1', display: 'Physical findings Narrative' } },
	S: { title: 'S – Befunde und Vitalzeichen', loinc: { code: '8716-3', display: 'Vital signs' } },
	T: { title: 'T – Therapie' }
};

const GENDER: Record<NonNullable<NonNullable<Mission['patient']>['sex']>, NonNullable<fhir4.Patient['gender']>> = { female: 'female', male: 'male', diverse: 'other', unknown: 'unknown' };

/** Without a formatter from the caller: decimal comma, and times as the instants themselves (unambiguous in any time zone). */
const PLAIN_FORMAT: HandoverFormat = { number: (value, decimals) => value.toFixed(decimals).replace('.', ','), time: (at) => at };

export interface HandoverBundleOptions extends FhirExportOptions {
	/** Numbers and times in the sections' narrative; the default writes ISO instants. */
	format?: HandoverFormat;
	/** The mission's consults: their orders and the conversation join the T section. */
	consults?: ConsultDocuments;
}

function escapeXml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A Narrative of plain text, one paragraph per line. */
function narrative(text: string): fhir4.Narrative {
	const paragraphs = text.split('\n').map((line) => `<p>${escapeXml(line)}</p>`).join('');
	return { status: 'generated', div: `<div xmlns="${XHTML_NS}">${paragraphs}</div>` };
}

const loinc = (code: string, display: string): fhir4.Coding => ({ system: LOINC_SYSTEM, code, display });

/**
 * A stand-in Patient document, only so that fhir.ts maps the mission's observations exactly as it
 * maps a home-care patient's; its Patient resource is dropped and the subjects are replaced.
 */
function standInPatient(mission: Mission): Patient {
	return {
		_id: `patient:${fhirIdOf(mission._id)}`, type: 'patient', schemaVersion: SCHEMA_VERSION, createdAt: mission.createdAt,
		createdBy: mission.createdBy, deviceId: mission.deviceId, firstName: '-', lastName: '-', birthDate: '1900-01-01', sex: 'unknown',
		address: { street: '-', postalCode: '00000', city: '-' }
	};
}

export function handoverBundle(mission: Mission, summary: HandoverSummary, observations: readonly Observation[], notes: readonly Note[], options: HandoverBundleOptions): FhirBundle {
	const base = options.baseUrl?.replace(/\/+$/, '');
	const now = options.now.toISOString();
	// Resources made here have no document of their own: a name-based UUID is their id too.
	const made = (type: fhir4.FhirResource['resourceType'], key: string) => {
		const id = uuidOf(`${mission._id}#${key}`);
		return { id, fullUrl: base ? `${base}/${type}/${id}` : `urn:uuid:${id}` };
	};
	const ref = (url: string, display?: string): FhirReference => (display === undefined ? { reference: url } : { reference: url, display });

	const patientIds = made('Patient', 'patient');
	const subject = ref(patientIds.fullUrl, summary.patient?.name);
	const patient: fhir4.Patient = {
		resourceType: 'Patient',
		id: patientIds.id,
		...(summary.patient?.name ? { name: [{ text: summary.patient.name }] } : {}),
		...(summary.patient?.sex ? { gender: GENDER[summary.patient.sex] } : {})
	};
	const unit = mission.unitId ?? 'unbekannte Einheit';
	const deviceIds = made('Device', `unit:${unit}`);
	const device: fhir4.Device = { resourceType: 'Device', id: deviceIds.id, deviceName: [{ name: unit, type: 'user-friendly-name' }] };

	// Vital signs, through the same mapping as the home-care export (blood pressure as one panel).
	const stand = standInPatient(mission);
	const own = observations.filter((o) => o.missionId === mission._id).map((o) => ({ ...o, patientId: stand._id }));
	const vitals: FhirBundleEntry[] = (observationsToFhirBundle(stand, own, options).entry ?? [])
		.filter((entry) => entry.resource?.resourceType === 'Observation')
		.map((entry) => ({ fullUrl: entry.fullUrl, resource: { ...(entry.resource as FhirObservation), subject } }));

	const extra: { section: Section; entry: FhirBundleEntry }[] = [];
	if (summary.patient?.age !== undefined) {
		const ids = made('Observation', 'age');
		const age: FhirObservation = {
			resourceType: 'Observation', id: ids.id, status: 'final', code: { coding: [loinc(AGE_OBSERVATION.code, AGE_OBSERVATION.display)], text: 'Alter' },
			subject, effectiveDateTime: mission.alarmedAt, valueQuantity: { value: summary.patient.age, unit: 'Jahre', system: UCUM_SYSTEM, code: 'a' }
		};
		extra.push({ section: 'M', entry: { fullUrl: ids.fullUrl, resource: age } });
	}
	if (summary.gcs) {
		const ids = made('Observation', 'gcs');
		const score = (value: number): fhir4.Quantity => ({ value, unit: 'score', system: UCUM_SYSTEM, code: '{score}' });
		const component = (part: 'eye' | 'verbal' | 'motor', value: number): fhir4.ObservationComponent => ({
			code: { coding: [loinc(GCS_LOINC[part].code, GCS_LOINC[part].display)] }, valueQuantity: score(value)
		});
		const gcs: FhirObservation = {
			resourceType: 'Observation', id: ids.id, status: 'final',
			category: [{ coding: [{ system: OBSERVATION_CATEGORY_SYSTEM, code: 'exam', display: 'Exam' }] }],
			code: { coding: [loinc(GCS_LOINC.total.code, GCS_LOINC.total.display)], text: 'GCS' }, subject,
			// The care block has no time of its own: when it was last edited, else patient contact.
			effectiveDateTime: mission.fieldEdits?.care?.at ?? mission.updatedAt ?? mission.patientContactAt ?? mission.alarmedAt,
			valueQuantity: score(summary.gcs.total),
			component: [component('eye', summary.gcs.eye), component('verbal', summary.gcs.verbal), component('motor', summary.gcs.motor)]
		};
		extra.push({ section: 'S', entry: { fullUrl: ids.fullUrl, resource: gcs } });
	}

	// Measures as Procedures, drugs as MedicationAdministrations: the items of the summary.
	// A physician's order the crew carried out (a consult) is treatment too: its id is the order's.
	const known = new Set(notes.map((n) => n._id));
	const treatment: FhirBundleEntry[] = [];
	for (const item of summary.treatment) {
		if (!known.has(item.noteId) && item.orderedBy === undefined) continue;
		const id = item.noteId;
		const fullUrl = base ? `${base}/${item.kind === 'medication' ? 'MedicationAdministration' : 'Procedure'}/${fhirIdOf(id)}` : `urn:uuid:${uuidOf(id)}`;
		const resource: fhir4.MedicationAdministration | fhir4.Procedure =
			item.kind === 'medication'
				? { resourceType: 'MedicationAdministration', id: fhirIdOf(id), status: 'completed', medicationCodeableConcept: { text: item.text }, subject, effectiveDateTime: item.at, ...(item.dose ? { dosage: { text: item.dose } } : {}) }
				: { resourceType: 'Procedure', id: fhirIdOf(id), status: 'completed', code: { text: item.text }, subject, performedDateTime: item.at };
		treatment.push({ fullUrl, resource });
	}

	// A physician's orders and the consult's conversation (the document has no Encounter resource).
	for (const consult of options.consults?.consults ?? []) {
		if (consult.missionId !== mission._id) continue;
		treatment.push(...consultFhirEntries(consult, options.consults?.orders ?? [], options.consults?.responses ?? [], { subject, encounter: null, now: options.now, ...(base ? { baseUrl: base } : {}) }));
	}

	const text = handoverText(summary, options.format ?? PLAIN_FORMAT);
	const entriesOf: Record<Section, FhirBundleEntry[]> = {
		M: extra.filter((e) => e.section === 'M').map((e) => e.entry),
		I: [],
		S: [...vitals, ...extra.filter((e) => e.section === 'S').map((e) => e.entry)],
		T: treatment
	};
	const sectionText: Record<Section, string> = { M: text.mechanism, I: text.injuries, S: text.signs, T: text.treatment };
	const section = (['M', 'I', 'S', 'T'] as const).map((key): fhir4.CompositionSection => {
		const { title, loinc: code } = SECTIONS[key];
		const refs = entriesOf[key].map((e) => ref(e.fullUrl as string));
		return {
			title,
			code: code ? { coding: [loinc(code.code, code.display)], text: title } : { text: title },
			text: narrative(sectionText[key]),
			...(refs.length ? { entry: refs } : {})
		};
	});

	const compositionIds = made('Composition', `handover@${now}`);
	const composition: fhir4.Composition = {
		resourceType: 'Composition',
		id: compositionIds.id,
		status: 'final',
		type: { coding: [loinc(TRANSFER_SUMMARY_NOTE.code, TRANSFER_SUMMARY_NOTE.display)], text: 'Übergabeprotokoll' },
		subject,
		date: now,
		author: [ref(deviceIds.fullUrl, unit)],
		title: `Übergabe – ${mission.keyword}`,
		section
	};

	return {
		resourceType: 'Bundle',
		identifier: { system: URI_SYSTEM, value: `urn:uuid:${uuidOf(`${mission._id}#handover-document@${now}`)}` },
		type: 'document',
		timestamp: now,
		entry: [
			{ fullUrl: compositionIds.fullUrl, resource: composition },
			{ fullUrl: patientIds.fullUrl, resource: patient },
			{ fullUrl: deviceIds.fullUrl, resource: device },
			...entriesOf.M,
			...entriesOf.S,
			...treatment
		]
	};
}
