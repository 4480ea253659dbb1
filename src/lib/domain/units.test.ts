import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	celsiusToFahrenheit,
	convertUnit,
	fahrenheitToCelsius,
	glucoseForDisplay,
	glucoseMgDlToMmolL,
	glucoseMmolLToMgDl,
	glucoseToStored,
	inchesToCm,
	kgToPounds,
	kpaToMmHg,
	mmHgToKpa,
	poundsToKg,
	roundTo
} from './units.ts';

describe('roundTo rounds as people do on paper', () => {
	it.each([
		[1.005, 2, 1.01],
		[2.5, 0, 3],
		[-2.5, 0, -3],
		[36.65, 1, 36.7],
		[0.05, 1, 0.1],
		[72.449, 1, 72.4]
	])('%d to %d decimals is %d', (value, decimals, expected) => {
		expect(roundTo(value, decimals)).toBe(expected);
	});

	it('rounds every decimal half up, whatever the binary noise', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 2 }), (k, decimals) => {
				const factor = 10 ** decimals;
				expect(roundTo(Number(`${k}.5e-${decimals}`), decimals)).toBe((k + 1) / factor);
				expect(roundTo(Number(`-${k}.5e-${decimals}`), decimals)).toBe(-(k + 1) / factor);
				expect(roundTo(Number(`${k}.49e-${decimals}`), decimals)).toBe(k / factor);
			})
		);
	});

	it('never gives -0', () => {
		expect(Object.is(roundTo(-0.04, 1), 0)).toBe(true);
	});
});

describe('conversions round to the resolution a clinician charts', () => {
	it.each([
		['16 kPa is 120 mmHg', kpaToMmHg(16), 120],
		['10.7 kPa is 80 mmHg', kpaToMmHg(10.7), 80],
		['13.3 kPa is 100 mmHg', kpaToMmHg(13.3), 100],
		['120 mmHg is 16.0 kPa', mmHgToKpa(120), 16],
		['80 mmHg is 10.7 kPa', mmHgToKpa(80), 10.7],
		['98.6 °F is 37.0 °C', fahrenheitToCelsius(98.6), 37],
		['104 °F is 40.0 °C', fahrenheitToCelsius(104), 40],
		['100.4 °F is 38.0 °C', fahrenheitToCelsius(100.4), 38],
		['37 °C is 98.6 °F', celsiusToFahrenheit(37), 98.6],
		['38.5 °C is 101.3 °F', celsiusToFahrenheit(38.5), 101.3],
		['160 lb is 72.6 kg', poundsToKg(160), 72.6],
		['72.5 kg is 159.8 lb', kgToPounds(72.5), 159.8],
		['68 in is 173 cm', inchesToCm(68), 173],
		['95 mg/dL is 5.3 mmol/L', glucoseMgDlToMmolL(95), 5.3],
		['100 mg/dL is 5.6 mmol/L', glucoseMgDlToMmolL(100), 5.6],
		['5.5 mmol/L is 99 mg/dL', glucoseMmolLToMgDl(5.5), 99],
		['10 mmol/L is 180 mg/dL', glucoseMmolLToMgDl(10), 180]
	])('%s', (_case, actual, expected) => {
		expect(actual).toBe(expected);
	});

	it('blood pressure survives mmHg → kPa → mmHg within 1 mmHg', () => {
		fc.assert(fc.property(fc.integer({ min: 20, max: 300 }), (mmHg) => Math.abs(kpaToMmHg(mmHgToKpa(mmHg)) - mmHg) <= 1));
	});

	it('temperature survives °C → °F → °C within 0.1 °C', () => {
		fc.assert(
			fc.property(fc.integer({ min: 250, max: 450 }), (tenths) => {
				const celsius = tenths / 10;
				return Math.abs(fahrenheitToCelsius(celsiusToFahrenheit(celsius)) - celsius) <= 0.1 + 1e-9;
			})
		);
	});
});

describe('glucose in the unit the user prefers', () => {
	it('shows the stored mg/dL as mmol/L with one decimal', () => {
		expect(glucoseForDisplay(95, 'mmol/L')).toEqual({ value: 5.3, unit: 'mmol/L', decimals: 1 });
	});

	it('shows mg/dL as whole numbers', () => {
		expect(glucoseForDisplay(95.4, 'mg/dL')).toEqual({ value: 95, unit: 'mg/dL', decimals: 0 });
	});

	it('stores what was typed in mmol/L as mg/dL', () => {
		expect(glucoseToStored(5.3, 'mmol/L')).toBe(95);
		expect(glucoseToStored(140, 'mg/dL')).toBe(140);
	});
});

describe('convertUnit', () => {
	it('converts the units devices send into the stored ones', () => {
		expect(convertUnit(16, 'kPa', 'mm[Hg]')).toEqual({ ok: true, value: 120 });
		expect(convertUnit(98.6, '[degF]', 'Cel')).toEqual({ ok: true, value: 37 });
		expect(convertUnit(160, '[lb_av]', 'kg')).toEqual({ ok: true, value: 72.6 });
		expect(convertUnit(5.5, 'mmol/L', 'mg/dL')).toEqual({ ok: true, value: 99 });
	});

	it('passes the stored unit through untouched', () => {
		expect(convertUnit(36.66, 'Cel', 'Cel')).toEqual({ ok: true, value: 36.66 });
	});

	it('refuses a conversion it does not know', () => {
		expect(convertUnit(1, 'kg', 'mm[Hg]')).toEqual({ ok: false, reason: 'units.unknown-conversion' });
	});
});
