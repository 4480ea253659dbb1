// The vital signs FieldCare records: LOINC code and UCUM unit (HL7 FHIR R4 vital signs profile,
// DOMAIN.md), decimals to chart, and two ranges per sign. Outside the possible range a value is
// refused: it is a typo, a unit mix-up or a device artefact, not a patient. Outside the usual
// range it is saved but flagged `unusual`, so the nurse measures again or looks twice.
// The ranges are for the people FieldCare sees: adults at home, and all ages in the rescue service.
import { roundTo, UCUM } from './units.ts';

export const VITAL_SIGN_KEYS = [
	'heart-rate',
	'respiratory-rate',
	'spo2',
	'temperature',
	'systolic',
	'diastolic',
	'mean-arterial',
	'weight',
	'height',
	'bmi',
	'glucose',
	'gcs',
	'pain'
] as const;
export type VitalSignKey = (typeof VITAL_SIGN_KEYS)[number];

/** Inclusive bounds. */
export interface ValueRange {
	min: number;
	max: number;
}

export interface VitalSign {
	key: VitalSignKey;
	/** LOINC code stored in `Observation.code`. */
	loinc: string;
	/** LOINC display name, for exports. */
	display: string;
	/** Further LOINC codes FHIR expects beside `loinc` (pulse oximetry 59408-5 beside 2708-6). */
	alsoCodedAs?: readonly { code: string; display: string }[];
	/** UCUM unit stored in `Observation.unit`. */
	unit: string;
	/** Decimals to chart and to show. */
	decimals: number;
	/** Scores that only take whole numbers (GCS, pain). */
	wholeNumbers?: boolean;
	/** Outside: refused. */
	possible: ValueRange;
	/** Outside: saved, flagged unusual. */
	usual: ValueRange;
}

export const VITAL_SIGNS: Readonly<Record<VitalSignKey, VitalSign>> = {
	'heart-rate': {
		key: 'heart-rate', loinc: '8867-4', display: 'Heart rate', unit: UCUM.perMinute, decimals: 0,
		// Below 20/min no device counts a perfusing rhythm; 300/min is 1:1 flutter or infant SVT.
		possible: { min: 20, max: 300 },
		// Resting adult 60–100 (AHA), widened for beta-blocked or febrile older patients.
		usual: { min: 50, max: 120 }
	},
	'respiratory-rate': {
		key: 'respiratory-rate', loinc: '9279-1', display: 'Respiratory rate', unit: UCUM.perMinute, decimals: 0,
		// Below 2/min is apnoea, documented as such; 80/min covers newborns in distress.
		possible: { min: 2, max: 80 },
		// Adult 12–20, widened by a few breaths; NEWS2 scores the rest.
		usual: { min: 10, max: 24 }
	},
	spo2: {
		key: 'spo2', loinc: '2708-6', display: 'Oxygen saturation in Arterial blood',
		alsoCodedAs: [{ code: '59408-5', display: 'Oxygen saturation in Arterial blood by Pulse oximetry' }],
		unit: UCUM.percent, decimals: 0,
		// ISO 80601-2-61 specifies oximeter accuracy from 70 %; below 50 % readings are artefacts.
		possible: { min: 50, max: 100 },
		// NEWS2 scale 1 scores 3 at 91 % and below.
		usual: { min: 92, max: 100 }
	},
	temperature: {
		key: 'temperature', loinc: '8310-5', display: 'Body temperature', unit: UCUM.celsius, decimals: 1,
		// Accidental hypothermia below 24 °C is seen by the rescue service in winter, so the floor
		// is 20 °C, not 25; above 45 °C no clinical thermometer reads (ISO 80601-2-56 ranges end lower).
		possible: { min: 20, max: 45 },
		// Below 35.5 °C suspect the measurement or hypothermia; above 38.0 °C fever (NEWS2 scores 1).
		usual: { min: 35.5, max: 38 }
	},
	systolic: {
		key: 'systolic', loinc: '8480-6', display: 'Systolic blood pressure', unit: UCUM.mmHg, decimals: 0,
		// Cuffs do not read below 40 mmHg; 300 mmHg is the top of the cuff's measuring range.
		possible: { min: 40, max: 300 },
		// Below 90 mmHg hypotension; 180 mmHg and above ESH grade 3 hypertension.
		usual: { min: 90, max: 180 }
	},
	diastolic: {
		key: 'diastolic', loinc: '8462-4', display: 'Diastolic blood pressure', unit: UCUM.mmHg, decimals: 0,
		// It must also lie below the systolic value: checkBloodPressure.
		possible: { min: 20, max: 200 },
		// 110 mmHg and above ESH grade 3 hypertension.
		usual: { min: 50, max: 110 }
	},
	'mean-arterial': {
		key: 'mean-arterial', loinc: '8478-0', display: 'Mean blood pressure', unit: UCUM.mmHg, decimals: 0,
		// Between the lowest possible diastolic and the highest possible systolic.
		possible: { min: 20, max: 300 },
		// Below 65 mmHg organ perfusion fails (Surviving Sepsis Campaign target).
		usual: { min: 65, max: 110 }
	},
	weight: {
		key: 'weight', loinc: '29463-7', display: 'Body weight', unit: UCUM.kg, decimals: 1,
		// 0.5 kg: a very premature newborn; 400 kg: the end of bariatric scales.
		possible: { min: 0.5, max: 400 },
		usual: { min: 40, max: 150 }
	},
	height: {
		key: 'height', loinc: '8302-2', display: 'Body height', unit: UCUM.cm, decimals: 0,
		// 20 cm: below any live-born child; 280 cm: above the tallest person documented (272 cm).
		possible: { min: 20, max: 280 },
		usual: { min: 140, max: 200 }
	},
	bmi: {
		key: 'bmi', loinc: '39156-5', display: 'Body mass index (BMI) [Ratio]', unit: UCUM.kgPerM2, decimals: 1,
		// Beyond the extremes reported in living adults (about 7 and 190).
		possible: { min: 5, max: 200 },
		// WHO: below 16 severe thinness, 40 and above obesity class III.
		usual: { min: 16, max: 40 }
	},
	glucose: {
		key: 'glucose', loinc: '41653-7', display: 'Glucose [Mass/volume] in Capillary blood by Glucometer', unit: UCUM.mgPerDl, decimals: 0,
		// Meters read about 10–600 mg/dL and show LO/HI beyond; 1000 leaves room for lab values.
		possible: { min: 10, max: 1000 },
		// Time in range 70–180 mg/dL (International Consensus on Time in Range, 2019).
		usual: { min: 70, max: 180 }
	},
	gcs: {
		key: 'gcs', loinc: '9269-2', display: 'Glasgow coma score total', unit: UCUM.score, decimals: 0, wholeNumbers: true,
		// Eyes 1–4 + verbal 1–5 + motor 1–6.
		possible: { min: 3, max: 15 },
		usual: { min: 15, max: 15 }
	},
	pain: {
		key: 'pain', loinc: '72514-3', display: 'Pain severity - 0-10 verbal numeric rating [Score] - Reported', unit: UCUM.score, decimals: 0, wholeNumbers: true,
		// Numeric rating scale 0–10.
		possible: { min: 0, max: 10 },
		// Above 3/10 at rest calls for action (DNQP Expertenstandard Schmerzmanagement in der Pflege).
		usual: { min: 0, max: 3 }
	}
};

const BY_CODE = new Map<string, VitalSign>();
for (const vital of Object.values(VITAL_SIGNS)) {
	BY_CODE.set(vital.loinc, vital);
	for (const other of vital.alsoCodedAs ?? []) BY_CODE.set(other.code, vital);
}

/** The vital sign an `Observation.code` stands for, or undefined for codes FieldCare does not chart. */
export function vitalSignByCode(loinc: string): VitalSign | undefined {
	return BY_CODE.get(loinc);
}

/** Message keys (i18n); `limit` and `unit` fill the message's placeholders. */
export type VitalRefusal =
	| 'vitals.not-a-number'
	| 'vitals.not-whole-number'
	| 'vitals.implausible.low'
	| 'vitals.implausible.high'
	| 'vitals.bp.diastolic-not-below-systolic'
	| 'vitals.bp.mean-outside-pair';

export type VitalCheck = { ok: true; unusual: boolean } | { ok: false; reason: VitalRefusal; limit?: number; unit?: string };

/** Checks a value in the catalog unit as it will be charted, i.e. rounded to the sign's decimals. */
export function checkVital(key: VitalSignKey, value: number): VitalCheck {
	const vital = VITAL_SIGNS[key];
	if (!Number.isFinite(value)) return { ok: false, reason: 'vitals.not-a-number' };
	if (vital.wholeNumbers && !Number.isInteger(value)) return { ok: false, reason: 'vitals.not-whole-number' };
	const charted = roundTo(value, vital.decimals);
	if (charted < vital.possible.min) return { ok: false, reason: 'vitals.implausible.low', limit: vital.possible.min, unit: vital.unit };
	if (charted > vital.possible.max) return { ok: false, reason: 'vitals.implausible.high', limit: vital.possible.max, unit: vital.unit };
	return { ok: true, unusual: charted < vital.usual.min || charted > vital.usual.max };
}

export interface BloodPressureReading {
	systolic: number;
	diastolic: number;
	/** Mean arterial pressure, when the device measured it. */
	meanArterial?: number;
}
type BloodPressureKey = 'systolic' | 'diastolic' | 'mean-arterial';

export type BloodPressureCheck =
	| { ok: true; unusual: Partial<Record<BloodPressureKey, boolean>> }
	| { ok: false; field: BloodPressureKey; reason: VitalRefusal; limit?: number; unit?: string };

/** Checks one cuff reading: each value alone, then diastolic < systolic and the mean between them. */
export function checkBloodPressure(reading: BloodPressureReading): BloodPressureCheck {
	const values: [BloodPressureKey, number | undefined][] = [
		['systolic', reading.systolic],
		['diastolic', reading.diastolic],
		['mean-arterial', reading.meanArterial]
	];
	const unusual: Partial<Record<BloodPressureKey, boolean>> = {};
	for (const [field, value] of values) {
		if (value === undefined) continue;
		const check = checkVital(field, value);
		if (!check.ok) return { ...check, field };
		unusual[field] = check.unusual;
	}
	const systolic = roundTo(reading.systolic, 0);
	const diastolic = roundTo(reading.diastolic, 0);
	if (diastolic >= systolic) return { ok: false, field: 'diastolic', reason: 'vitals.bp.diastolic-not-below-systolic', limit: systolic, unit: UCUM.mmHg };
	if (reading.meanArterial !== undefined) {
		const mean = roundTo(reading.meanArterial, 0);
		if (mean < diastolic || mean > systolic) return { ok: false, field: 'mean-arterial', reason: 'vitals.bp.mean-outside-pair' };
	}
	return { ok: true, unusual };
}
