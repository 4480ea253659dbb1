// Patient repository: reads and writes patient documents in a team database.
import { docId, recordFieldEdits, typeRange, type Patient } from '../domain/index.ts';
import { creationFields, newKey, type Author } from './author.ts';
import type { LocalDatabase } from './local-databases.ts';
import { putValidated, updateDocument } from './document-update.ts';
import { validDocuments } from './valid-documents.ts';

export type PatientInput = Omit<Patient, '_id' | '_rev' | 'type' | 'schemaVersion' | 'createdAt' | 'createdBy' | 'deviceId' | 'updatedAt' | 'updatedBy'>;

/** Fields the patient form edits; a field cleared in the form must disappear from the document. */
const EDITABLE = ['firstName', 'lastName', 'birthDate', 'sex', 'address', 'location', 'phone', 'insurer', 'insuranceNumber', 'careLevel', 'allergies', 'notes'] as const;

function withoutEditable(patient: Patient): Record<string, unknown> {
	const rest: Record<string, unknown> = { ...patient };
	for (const key of EDITABLE) delete rest[key];
	return rest;
}

/** The team's patients in storage order, for lookups by id: sorting by name loads the ICU collator (domain/text-order.ts says what that costs). */
export async function readPatients(db: LocalDatabase): Promise<Patient[]> {
	const result = await db.allDocs({ ...typeRange('patient'), include_docs: true });
	return validDocuments<Patient>(result.rows);
}

/** The team's patients by name, as lists show them. */
export async function listPatients(db: LocalDatabase): Promise<Patient[]> {
	return (await readPatients(db)).sort((a, b) => a.lastName.localeCompare(b.lastName, 'de') || a.firstName.localeCompare(b.firstName, 'de'));
}

export async function getPatient(db: LocalDatabase, id: string): Promise<Patient | undefined> {
	try {
		return validDocuments<Patient>([{ doc: await db.get(id) }])[0];
	} catch (err) {
		if ((err as { status?: number }).status === 404) return undefined;
		throw err;
	}
}

/** Creates a patient, or updates one when `existing` is given; validated before it is written. */
export async function savePatient(db: LocalDatabase, input: PatientInput, author: Author, existing?: Patient): Promise<Patient> {
	const at = author.now.toISOString();
	let doc: Record<string, unknown>;
	if (existing) {
		const next = { ...withoutEditable(existing), ...input, updatedAt: at, updatedBy: author.username };
		// Per-field edit times let concurrent edits of different fields merge without loss.
		doc = { ...next, fieldEdits: recordFieldEdits(existing, next, { at, by: author.username }) };
	} else {
		doc = {
			...input,
			_id: docId('patient', newKey(author.now)),
			type: 'patient' as const,
			...creationFields(author)
		};
	}
	return (await putValidated(db, doc)) as Patient;
}

/** The care plan's default for the patient's visits: finishing one needs the patient's signature. */
export function setVisitSignatureRequired(db: LocalDatabase, patient: Patient, required: boolean, author: Author): Promise<Patient> {
	return updateDocument(db, patient, { visitSignatureRequired: required }, author);
}
