// Between the patient form's strings (as people type them) and a patient document's typed fields.
import type { Patient } from '../domain/index.ts';
import { parseNumberInput } from './number-input.ts';

export interface PatientFormValues {
	firstName: string;
	lastName: string;
	birthDate: string;
	sex: string;
	street: string;
	postalCode: string;
	city: string;
	lat: string;
	lon: string;
	phone: string;
	insurer: string;
	insuranceNumber: string;
	careLevel: string;
	allergies: string;
	notes: string;
}

export type PatientFields = Pick<
	Patient,
	'firstName' | 'lastName' | 'birthDate' | 'sex' | 'address' | 'location' | 'phone' | 'insurer' | 'insuranceNumber' | 'careLevel' | 'allergies' | 'notes'
>;

export function formValuesOf(patient?: Patient): PatientFormValues {
	return {
		firstName: patient?.firstName ?? '',
		lastName: patient?.lastName ?? '',
		birthDate: patient?.birthDate ?? '',
		sex: patient?.sex ?? 'female',
		street: patient?.address.street ?? '',
		postalCode: patient?.address.postalCode ?? '',
		city: patient?.address.city ?? '',
		lat: patient?.location ? String(patient.location.lat) : '',
		lon: patient?.location ? String(patient.location.lon) : '',
		phone: patient?.phone ?? '',
		insurer: patient?.insurer ?? '',
		insuranceNumber: patient?.insuranceNumber ?? '',
		careLevel: patient?.careLevel ? String(patient.careLevel) : '',
		allergies: (patient?.allergies ?? []).join(', '),
		notes: patient?.notes ?? ''
	};
}


/** Typed fields for the document; the schema then decides what is valid. Empty optionals are left out. */
export function patientFieldsOf(values: PatientFormValues): PatientFields {
	const optional = (text: string) => (text.trim() === '' ? undefined : text.trim());
	const hasLocation = values.lat.trim() !== '' || values.lon.trim() !== '';
	const fields: PatientFields = {
		firstName: values.firstName.trim(),
		lastName: values.lastName.trim(),
		birthDate: values.birthDate,
		sex: values.sex as Patient['sex'],
		address: { street: values.street.trim(), postalCode: values.postalCode.trim(), city: values.city.trim() },
		// A decimal typed with a German comma still counts ("50,65"); a missing half is left for the schema to name.
		location: hasLocation ? ({ lat: parseNumberInput(values.lat), lon: parseNumberInput(values.lon) } as Patient['location']) : undefined,
		phone: optional(values.phone),
		insurer: optional(values.insurer),
		insuranceNumber: optional(values.insuranceNumber.toUpperCase()),
		careLevel: values.careLevel === '' ? undefined : Number(values.careLevel),
		allergies: values.allergies.split(',').map((a) => a.trim()).filter(Boolean),
		notes: optional(values.notes)
	};
	// Undefined keys would be stored as absent anyway; dropping them keeps documents tidy.
	return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as PatientFields;
}
