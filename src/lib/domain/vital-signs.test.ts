import { describe, expect, it } from 'vitest';
import { checkBloodPressure, checkVital, VITAL_SIGN_KEYS, VITAL_SIGNS, vitalSignByCode, type VitalSignKey } from './vital-signs.ts';

describe('the vital sign catalog', () => {
	// LOINC codes and UCUM units as DOMAIN.md lists them (HL7 FHIR R4 vital signs profile).
	it.each([
		['heart-rate', '8867-4', '/min'],
		['respiratory-rate', '9279-1', '/min'],
		['spo2', '2708-6', '%'],
		['temperature', '8310-5', 'Cel'],
		['systolic', '8480-6', 'mm[Hg]'],
		['diastolic', '8462-4', 'mm[Hg]'],
		['mean-arterial', '8478-0', 'mm[Hg]'],
		['weight', '29463-7', 'kg'],
		['height', '8302-2', 'cm'],
		['bmi', '39156-5', 'kg/m2'],
		['glucose', '41653-7', 'mg/dL'],
		['gcs', '9269-2', '{score}'],
		['pain', '72514-3', '{score}']
	] as const)('%s is LOINC %s in %s', (key, loinc, unit) => {
		expect(VITAL_SIGNS[key]).toMatchObject({ key, loinc, unit });
		expect(vitalSignByCode(loinc)?.key).toBe(key);
	});

	it('finds SpO2 also by its pulse oximetry code 59408-5', () => {
		expect(vitalSignByCode('59408-5')?.key).toBe('spo2');
		expect(vitalSignByCode('1234-5')).toBeUndefined();
	});

	it.each(VITAL_SIGN_KEYS)('%s: the usual range lies inside the possible one', (key) => {
		const { possible, usual } = VITAL_SIGNS[key];
		expect(possible.min).toBeLessThan(possible.max);
		expect(usual.min).toBeGreaterThanOrEqual(possible.min);
		expect(usual.max).toBeLessThanOrEqual(possible.max);
		expect(usual.min).toBeLessThanOrEqual(usual.max);
	});
});

describe('checkVital', () => {
	// At each limit, and one step (the sign's resolution) beyond it.
	it.each([
		['heart-rate', 20, 300, 1],
		['respiratory-rate', 2, 80, 1],
		['spo2', 50, 100, 1],
		['temperature', 20, 45, 0.1],
		['systolic', 40, 300, 1],
		['diastolic', 20, 200, 1],
		['weight', 0.5, 400, 0.1],
		['glucose', 10, 1000, 1],
		['gcs', 3, 15, 1],
		['pain', 0, 10, 1]
	] as [VitalSignKey, number, number, number][])('%s is possible from %d to %d', (key, low, high, step) => {
		expect(checkVital(key, low).ok).toBe(true);
		expect(checkVital(key, high).ok).toBe(true);
		expect(checkVital(key, low - step)).toMatchObject({ ok: false, reason: 'vitals.implausible.low', limit: low, unit: VITAL_SIGNS[key].unit });
		expect(checkVital(key, high + step)).toMatchObject({ ok: false, reason: 'vitals.implausible.high', limit: high });
	});

	it.each([
		['heart-rate', 72, false],
		['heart-rate', 49, true],
		['heart-rate', 50, false],
		['heart-rate', 121, true],
		['spo2', 91, true],
		['spo2', 92, false],
		['temperature', 38, false],
		['temperature', 38.1, true],
		['temperature', 35.4, true],
		['glucose', 69, true],
		['glucose', 181, true],
		['gcs', 14, true],
		['gcs', 15, false],
		['pain', 3, false],
		['pain', 4, true]
	] as [VitalSignKey, number, boolean][])('%s %d is saved, unusual: %s', (key, value, unusual) => {
		expect(checkVital(key, value)).toEqual({ ok: true, unusual });
	});

	it('judges the value as charted: SpO2 100.4 % is 100 %, 100.6 % is refused', () => {
		expect(checkVital('spo2', 100.4)).toEqual({ ok: true, unusual: false });
		expect(checkVital('spo2', 100.6)).toMatchObject({ ok: false, reason: 'vitals.implausible.high' });
	});

	it('refuses what is no number, and half points on a score', () => {
		expect(checkVital('heart-rate', Number.NaN)).toEqual({ ok: false, reason: 'vitals.not-a-number' });
		expect(checkVital('temperature', Number.POSITIVE_INFINITY)).toEqual({ ok: false, reason: 'vitals.not-a-number' });
		expect(checkVital('gcs', 12.5)).toEqual({ ok: false, reason: 'vitals.not-whole-number' });
		expect(checkVital('pain', 2.5)).toEqual({ ok: false, reason: 'vitals.not-whole-number' });
	});

	it('catches a Fahrenheit value typed as Celsius', () => {
		expect(checkVital('temperature', 98.6)).toMatchObject({ ok: false, reason: 'vitals.implausible.high' });
	});
});

describe('checkBloodPressure', () => {
	it('accepts 120/80 with a mean of 93', () => {
		expect(checkBloodPressure({ systolic: 120, diastolic: 80, meanArterial: 93 })).toEqual({
			ok: true,
			unusual: { systolic: false, diastolic: false, 'mean-arterial': false }
		});
	});

	it('flags each unusual value of the pair on its own', () => {
		expect(checkBloodPressure({ systolic: 190, diastolic: 85 })).toEqual({ ok: true, unusual: { systolic: true, diastolic: false } });
	});

	it.each([
		['a swapped pair', { systolic: 80, diastolic: 120 }, 'diastolic', 'vitals.bp.diastolic-not-below-systolic'],
		['equal values', { systolic: 120, diastolic: 120 }, 'diastolic', 'vitals.bp.diastolic-not-below-systolic'],
		['a mean above the systolic', { systolic: 120, diastolic: 80, meanArterial: 125 }, 'mean-arterial', 'vitals.bp.mean-outside-pair'],
		['a mean below the diastolic', { systolic: 120, diastolic: 80, meanArterial: 70 }, 'mean-arterial', 'vitals.bp.mean-outside-pair'],
		['an impossible systolic', { systolic: 30, diastolic: 20 }, 'systolic', 'vitals.implausible.low'],
		['an impossible diastolic', { systolic: 250, diastolic: 210 }, 'diastolic', 'vitals.implausible.high']
	])('refuses %s, naming the field', (_case, reading, field, reason) => {
		expect(checkBloodPressure(reading)).toMatchObject({ ok: false, field, reason });
	});
});
