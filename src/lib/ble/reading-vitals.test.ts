import { describe, expect, it } from 'vitest';
import { parseBloodPressureMeasurement } from './blood-pressure.ts';
import { fromHex } from './gatt-result.ts';
import { parseGlucoseMeasurement } from './glucose.ts';
import { measuredAt, vitalsOfReading } from './reading-vitals.ts';

function parsed<T>(result: { ok: true; reading: T } | { ok: false }): T {
	if (!result.ok) throw new Error('expected a reading');
	return result.reading;
}

describe('vitalsOfReading', () => {
	it('a cuff reading gives systolic, diastolic, mean and pulse, and its own time', () => {
		const reading = parsed(parseBloodPressureMeasurement(fromHex('06 78 00 50 00 5D 00 EA 07 0B 18 09 1E 00 48 00')!));
		expect(vitalsOfReading(reading)).toEqual([
			{ key: 'systolic', value: 120 },
			{ key: 'diastolic', value: 80 },
			{ key: 'mean-arterial', value: 93 },
			{ key: 'heart-rate', value: 72 }
		]);
		expect(measuredAt(reading)?.getFullYear()).toBe(2026);
		expect(measuredAt(reading)?.getHours()).toBe(9); // the cuff's local time stays local
	});

	it('says which unit a device sent before conversion', () => {
		// 16.0 / 10.7 kPa (SFLOAT mantissa 160 / 107, exponent -1), MAP unavailable (NaN)
		const reading = parsed(parseBloodPressureMeasurement(fromHex('01 A0 F0 6B F0 FF 07')!));
		expect(vitalsOfReading(reading)).toEqual([
			{ key: 'systolic', value: 120, sourceUnit: 'kPa' },
			{ key: 'diastolic', value: 80, sourceUnit: 'kPa' }
		]);
		const glucose = parsed(parseGlucoseMeasurement(fromHex('02 01 00 EA 07 0B 18 07 0F 00 5F B0 11')!));
		expect(vitalsOfReading(glucose)).toEqual([{ key: 'glucose', value: 95, sourceUnit: 'kg/L' }]);
	});

	it('oximeter, thermometer, scale and heart-rate readings', () => {
		expect(vitalsOfReading({ kind: 'pulse-oximeter', mode: 'spot-check', spo2: 97, pulseBpm: 72 })).toEqual([
			{ key: 'spo2', value: 97 },
			{ key: 'heart-rate', value: 72 }
		]);
		expect(vitalsOfReading({ kind: 'temperature', celsius: 38.2, unitSent: '[degF]' })).toEqual([{ key: 'temperature', value: 38.2, sourceUnit: '[degF]' }]);
		expect(vitalsOfReading({ kind: 'weight', kg: 72.5, unitSent: 'kg', bmi: 24.1, heightCm: 173.5 })).toEqual([
			{ key: 'weight', value: 72.5 },
			{ key: 'height', value: 173.5 },
			{ key: 'bmi', value: 24.1 }
		]);
		expect(vitalsOfReading({ kind: 'heart-rate', bpm: 64, rrIntervalsS: [] })).toEqual([{ key: 'heart-rate', value: 64 }]);
		expect(measuredAt({ kind: 'heart-rate', bpm: 64, rrIntervalsS: [] })).toBeUndefined();
	});
});
