// Saving the patient form: typed fields → validated document → local database.
import { patientFieldsOf, type PatientFormValues } from '../i18n/patient-form-values.ts';
import { loadMapServices, savePatient, SaveError } from '../db/index.ts';
import { geocodeAddress, type GeocodeResult } from '../map/index.ts';
import { mayWriteField, type Address, type Patient, type Role, type ValidationIssue } from '../domain/index.ts';
import type { MessageKey } from '../i18n/index.ts';
import { session } from './session.svelte.ts';

export type PatientSaveResult =
	| { ok: true; patient: Patient }
	| { ok: false; issues: ValidationIssue[]; message: MessageKey; detail?: string };

export async function savePatientForm(database: string, values: PatientFormValues, existing?: Patient): Promise<PatientSaveResult> {
	const dbs = session.databases;
	const profile = session.profile;
	if (!dbs || !profile) return { ok: false, issues: [], message: 'login.expired' };
	try {
		const patient = await savePatient(dbs.get(database), patientFieldsOf(values), session.author(), existing);
		return { ok: true, patient };
	} catch (err) {
		if (!(err instanceof SaveError)) return { ok: false, issues: [], message: 'form.saveFailed', detail: String(err) };
		const message: MessageKey = err.failure === 'invalid' ? 'form.invalid' : err.failure === 'quota' ? 'form.quotaExceeded' : err.failure === 'conflict' ? 'form.conflict' : 'form.saveFailed';
		return { ok: false, issues: err.issues, message, detail: err.message };
	}
}

export interface PatientFormMap {
	tiles: { url: string; attribution: string };
	geocode?: (address: Address) => Promise<GeocodeResult>;
}

/** The map for picking a patient's position; address search only with an operator's geocoder. */
export async function patientFormMap(): Promise<PatientFormMap> {
	const services = await loadMapServices();
	const { geocoderUrl } = services;
	return {
		tiles: { url: services.tileUrl, attribution: services.tileAttribution },
		geocode: geocoderUrl ? (address) => geocodeAddress(geocoderUrl, address) : undefined
	};
}

const PATIENT_FORM_FIELDS = ['firstName', 'lastName', 'birthDate', 'sex', 'address', 'location', 'phone', 'insurer', 'insuranceNumber', 'careLevel', 'allergies', 'notes'];

/** Form fields of a patient the role may not change (rights.ts): shown, but read-only. */
export function lockedPatientFields(role: Role | undefined): string[] {
	return role ? PATIENT_FORM_FIELDS.filter((field) => !mayWriteField(role, 'patient', field)) : [];
}
