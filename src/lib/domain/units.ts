// Unit conversions between what devices send and what FieldCare stores (UCUM codes, DOMAIN.md).
// Every conversion rounds to the resolution a clinician charts: whole mmHg and mg/dL, one decimal
// for kPa, °C, °F, kg, lb and mmol/L. Convert once, at the edge, and store the result in the
// catalog unit: converting a converted value back is not the identity (100 mg/dL → 5.6 mmol/L →
// 101 mg/dL), which is why glucose is stored in mg/dL, the finer of the two.

/** 1 mmHg = 133.322387415 Pa (ISO 80000-4 / UCUM `mm[Hg]`), so 1 kPa = 7.500616827 mmHg. */
export const MMHG_PER_KPA = 1000 / 133.322387415;
/** 1 international avoirdupois pound = 0.45359237 kg exactly (UCUM `[lb_av]`). */
export const KG_PER_LB = 0.45359237;
/** 1 international inch = 2.54 cm exactly (UCUM `[in_i]`). */
export const CM_PER_INCH = 2.54;
/** Glucose, molar mass 180.16 g/mol: 1 mmol/L = 18.016 mg/dL. */
export const GLUCOSE_MG_DL_PER_MMOL_L = 18.016;

/** UCUM codes of the units FieldCare converts from or to. */
export const UCUM = {
	perMinute: '/min',
	percent: '%',
	celsius: 'Cel',
	fahrenheit: '[degF]',
	mmHg: 'mm[Hg]',
	kPa: 'kPa',
	kg: 'kg',
	pound: '[lb_av]',
	cm: 'cm',
	inch: '[in_i]',
	kgPerM2: 'kg/m2',
	mgPerDl: 'mg/dL',
	mmolPerL: 'mmol/L',
	score: '{score}'
} as const;

/**
 * Rounds half away from zero to `decimals` places, as people round on paper. A value a hair
 * from a half may be binary noise (1.005 × 100 = 100.49999999999999): `toPrecision(15)` removes
 * it, so 1.005 rounds to 1.01 and not to 1.00.
 */
export function roundTo(value: number, decimals: number): number {
	const factor = 10 ** decimals;
	let scaled = Math.abs(value) * factor;
	if (Math.abs((scaled % 1) - 0.5) < 1e-6) scaled = Number(scaled.toPrecision(15));
	const rounded = (Math.sign(value) * Math.round(scaled)) / factor;
	return rounded === 0 ? 0 : rounded; // no -0
}

export const kpaToMmHg = (kpa: number): number => roundTo(kpa * MMHG_PER_KPA, 0);
export const mmHgToKpa = (mmHg: number): number => roundTo(mmHg / MMHG_PER_KPA, 1);
export const fahrenheitToCelsius = (fahrenheit: number): number => roundTo(((fahrenheit - 32) * 5) / 9, 1);
export const celsiusToFahrenheit = (celsius: number): number => roundTo((celsius * 9) / 5 + 32, 1);
export const poundsToKg = (pounds: number): number => roundTo(pounds * KG_PER_LB, 1);
export const kgToPounds = (kg: number): number => roundTo(kg / KG_PER_LB, 1);
export const inchesToCm = (inches: number): number => roundTo(inches * CM_PER_INCH, 0);
export const glucoseMgDlToMmolL = (mgPerDl: number): number => roundTo(mgPerDl / GLUCOSE_MG_DL_PER_MMOL_L, 1);
export const glucoseMmolLToMgDl = (mmolPerL: number): number => roundTo(mmolPerL * GLUCOSE_MG_DL_PER_MMOL_L, 0);

/** How a user wants to read glucose: mg/dL in the west of Germany, mmol/L common in the east. */
export type GlucoseUnit = 'mg/dL' | 'mmol/L';
export const GLUCOSE_UNITS: readonly GlucoseUnit[] = ['mg/dL', 'mmol/L'];

export interface DisplayValue<U extends string = string> {
	value: number;
	unit: U;
	/** Decimals to show; i18n formats the number (decimal comma in German). */
	decimals: number;
}

/** A stored glucose value (mg/dL) in the unit the user prefers. */
export function glucoseForDisplay(mgPerDl: number, preference: GlucoseUnit): DisplayValue<GlucoseUnit> {
	return preference === 'mmol/L'
		? { value: glucoseMgDlToMmolL(mgPerDl), unit: 'mmol/L', decimals: 1 }
		: { value: roundTo(mgPerDl, 0), unit: 'mg/dL', decimals: 0 };
}

/** A glucose value typed in the user's unit, as stored (mg/dL). */
export function glucoseToStored(value: number, unit: GlucoseUnit): number {
	return unit === 'mmol/L' ? glucoseMmolLToMgDl(value) : roundTo(value, 0);
}

/** Converters into a stored unit, keyed `from → to` by UCUM code. */
const CONVERSIONS = new Map<string, (value: number) => number>([
	[`${UCUM.kPa}>${UCUM.mmHg}`, kpaToMmHg],
	[`${UCUM.fahrenheit}>${UCUM.celsius}`, fahrenheitToCelsius],
	[`${UCUM.pound}>${UCUM.kg}`, poundsToKg],
	[`${UCUM.inch}>${UCUM.cm}`, inchesToCm],
	[`${UCUM.mmolPerL}>${UCUM.mgPerDl}`, glucoseMmolLToMgDl]
]);

export type UnitConversion = { ok: true; value: number } | { ok: false; reason: 'units.unknown-conversion' };

/** Converts a value in UCUM unit `from` to UCUM unit `to`; equal units pass through untouched. */
export function convertUnit(value: number, from: string, to: string): UnitConversion {
	if (from === to) return { ok: true, value };
	const convert = CONVERSIONS.get(`${from}>${to}`);
	return convert ? { ok: true, value: convert(value) } : { ok: false, reason: 'units.unknown-conversion' };
}
